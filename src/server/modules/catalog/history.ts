import { count, desc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { SchoolHistory } from '../../../contract/catalog.ts';
import { users } from '../../platform/auth/schema.ts';
import type { Executor } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/permissions/actor.ts';
import { authorize } from '../../platform/permissions/policy.ts';
import { dbTimeIso } from '../../platform/time.ts';
import { requireUnit } from '../org/service.ts';
import { catalogImports, schoolCatalogChanges } from './schema.ts';

/** What the catalog imports did to one school, newest first, with the file and who applied it. */
export async function schoolHistory(
  db: Executor,
  actor: Actor,
  unitId: number,
  page: { limit: number; offset: number },
): Promise<z.infer<typeof SchoolHistory>> {
  const unit = await requireUnit(db, unitId);
  authorize(actor, 'org.read', unit.path);
  const rows = await db
    .select({
      h: schoolCatalogChanges,
      fileName: catalogImports.fileName,
      by: users.name,
    })
    .from(schoolCatalogChanges)
    .leftJoin(catalogImports, eq(catalogImports.id, schoolCatalogChanges.importId))
    .leftJoin(users, eq(users.id, catalogImports.createdBy))
    .where(eq(schoolCatalogChanges.unitId, unitId))
    .orderBy(desc(schoolCatalogChanges.id))
    .limit(page.limit)
    .offset(page.offset);
  const [n] = await db
    .select({ n: count() })
    .from(schoolCatalogChanges)
    .where(eq(schoolCatalogChanges.unitId, unitId));
  return {
    items: rows.map((r) => ({
      id: r.h.id,
      change: r.h.change,
      changes: r.h.changes,
      at: dbTimeIso(r.h.at),
      importId: r.h.importId,
      fileName: r.fileName,
      by: r.by,
    })),
    total: n?.n ?? 0,
  };
}
