import { asc, desc, eq, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import type { PublicAlliance } from '../../../contract/alliance.ts';
import type { Db } from '../../platform/db/client.ts';
import { dbTimeIso } from '../../platform/time.ts';
import { listMetas } from './metas.ts';
import { rollups } from './rollup.ts';
import { allianceBodies, allianceResolutions } from './schema.ts';

/**
 * What anyone may read without signing in: each eje and acuerdo with its approved metas and latest
 * progress, and the resolutions the commission chose to publish. Nothing else (no drafts, no people).
 */
export async function publicAlliance(db: Db): Promise<z.infer<typeof PublicAlliance>> {
  const bodies = await db
    .select()
    .from(allianceBodies)
    .where(isNull(allianceBodies.retiredAt))
    .orderBy(asc(allianceBodies.position), asc(allianceBodies.code));
  const figures = await rollups(db, bodies);
  const mesas = bodies.filter((b) => b.kind === 'mesa');
  const metas = await listMetas(
    db,
    mesas.map((m) => m.id),
    true,
  );
  const resolutions = await db
    .select({ r: allianceResolutions, eje: allianceBodies.code })
    .from(allianceResolutions)
    .innerJoin(allianceBodies, eq(allianceBodies.id, allianceResolutions.bodyId))
    .where(eq(allianceResolutions.published, true))
    .orderBy(desc(allianceResolutions.year), desc(allianceResolutions.seq));
  return {
    ejes: bodies
      .filter((b) => b.kind === 'eje')
      .map((e) => ({
        code: e.code,
        name: e.name,
        progress: figures.get(e.id)?.progress ?? null,
        acuerdos: mesas
          .filter((m) => m.parentId === e.id)
          .map((m) => ({
            id: m.id,
            code: m.code,
            name: m.name,
            acuerdo: m.acuerdo,
            progress: figures.get(m.id)?.progress ?? null,
            metas: metas
              .filter((x) => x.bodyId === m.id)
              .map((x) => ({
                id: x.id,
                title: x.title,
                indicator: x.indicator,
                unit: x.unit,
                baseline: x.baseline,
                target: x.target,
                dueOn: x.dueOn,
                responsible: x.responsible,
                normativeAnchor: x.normativeAnchor,
                latest: x.latest,
              })),
          })),
      })),
    resolutions: resolutions.map(({ r, eje }) => ({
      id: r.id,
      number: r.number,
      title: r.title,
      text: r.text,
      issuedAt: dbTimeIso(r.issuedAt),
      eje,
    })),
  };
}
