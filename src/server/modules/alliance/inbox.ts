import { and, desc, inArray, isNull, notInArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { Inbox, InboxItem } from '../../../contract/alliance.ts';
import type { Db } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/permissions/actor.ts';
import { dbTimeIso, todayMx } from '../../platform/time.ts';
import { workflowItems } from '../../platform/workflow/schema.ts';
import { type Body, bodyRefs, refOf } from './common.ts';
import { allianceActor, awaitingKeys, OFFICER_POSITIONS } from './policy.ts';
import {
  allianceDeliverables,
  allianceDocuments,
  allianceMeetings,
  allianceResolutions,
  allianceSyntheses,
  allianceTasks,
} from './schema.ts';

const KIND_OF: Record<string, z.infer<typeof InboxItem>['kind']> = {
  'alliance.document': 'document',
  'alliance.synthesis': 'synthesis',
  'alliance.resolution': 'resolution',
  'alliance.meeting': 'meeting',
  'alliance.task': 'task',
};

/** States in which nothing more is expected of anyone. */
const SETTLED = ['validated', 'approved', 'rejected', 'informed', 'minutes_approved', 'cancelled', 'done'];

const TABLES = [
  ['alliance.document', allianceDocuments],
  ['alliance.synthesis', allianceSyntheses],
  ['alliance.resolution', allianceResolutions],
  ['alliance.meeting', allianceMeetings],
  ['alliance.task', allianceTasks],
] as const;

/** "Awaiting my action": every item whose next step is the person's (by seat or by name), oldest due first. */
export async function getInbox(db: Db, actor: Actor): Promise<z.infer<typeof Inbox>> {
  const aa = await allianceActor(db, actor);
  const keys = awaitingKeys(aa);
  const today = todayMx();
  const items = await db
    .select()
    .from(workflowItems)
    .where(and(inArray(workflowItems.awaiting, keys), notInArray(workflowItems.state, SETTLED)))
    .orderBy(desc(workflowItems.updatedAt))
    .limit(200);
  const domainIds = new Map<string, { id: string; bodyId: number }>();
  for (const [type, table] of TABLES) {
    const ids = items.filter((i) => i.type === type).map((i) => i.id);
    if (ids.length === 0) continue;
    const rows = await db
      .select({ id: table.id, itemId: table.itemId, bodyId: table.bodyId })
      .from(table)
      .where(inArray(table.itemId, ids));
    for (const r of rows) domainIds.set(r.itemId, { id: String(r.id), bodyId: r.bodyId });
  }
  // Deadlines the eje set for mesas this person answers for, not yet met.
  const answerFor = aa.seats
    .filter((s) => s.bodyKind === 'mesa' && OFFICER_POSITIONS.includes(s.position))
    .map((s) => s.bodyId);
  const deliverables = answerFor.length
    ? await db
        .select()
        .from(allianceDeliverables)
        .where(and(inArray(allianceDeliverables.bodyId, answerFor), isNull(allianceDeliverables.documentId)))
    : [];
  const bodies = await bodyRefs(db, [
    ...[...domainIds.values()].map((d) => d.bodyId),
    ...deliverables.map((d) => d.bodyId),
  ]);
  const out: z.infer<typeof InboxItem>[] = [];
  for (const i of items) {
    const d = domainIds.get(i.id);
    const kind = KIND_OF[i.type];
    if (!d || !kind) continue;
    out.push({
      kind,
      id: d.id,
      title: i.title,
      state: i.state,
      body: refOf(bodies.get(d.bodyId) as Body),
      dueOn: i.dueOn,
      overdue: i.dueOn !== null && i.dueOn < today,
      updatedAt: dbTimeIso(i.updatedAt),
    });
  }
  for (const d of deliverables) {
    out.push({
      kind: 'deliverable',
      id: String(d.id),
      title: d.title,
      state: 'pending',
      body: refOf(bodies.get(d.bodyId) as Body),
      dueOn: d.dueOn,
      overdue: d.dueOn < today,
      updatedAt: dbTimeIso(d.createdAt),
    });
  }
  out.sort(
    (a, b) => (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999') || b.updatedAt.localeCompare(a.updatedAt),
  );
  return { items: out };
}
