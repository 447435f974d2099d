import { and, count, desc, eq, gte, ilike, inArray, isNull, like, lte, or } from 'drizzle-orm';
import type { z } from 'zod';
import type { AuditEntry, AuditQuery } from '../../../contract/api.ts';
import { auditLog } from '../../platform/audit/schema.ts';
import { users } from '../../platform/auth/schema.ts';
import type { Executor } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/permissions/actor.ts';
import { authorize, grantsFor, scopeCondition } from '../../platform/permissions/policy.ts';
import { dbTimeIso } from '../../platform/time.ts';
import { likeEscape, pathIds } from '../org/search.ts';
import { requireUnit, unitRefs } from '../org/service.ts';

/**
 * Entries tied to a unit are visible inside the reader's audit.read scope; account-level entries
 * (sign-ins, profile changes) only to readers whose scope is the whole nation.
 */
export async function listAudit(db: Executor, actor: Actor, q: z.infer<typeof AuditQuery>) {
  const national = grantsFor(actor, 'audit.read').some((a) => a.unitKind === 'nation');
  const scope = or(
    scopeCondition(actor, 'audit.read', auditLog.unitPath),
    national ? isNull(auditLog.unitPath) : undefined,
  );
  let under: string | undefined;
  if (q.unitId !== undefined) {
    const unit = await requireUnit(db, q.unitId);
    authorize(actor, 'audit.read', unit.path);
    under = unit.path;
  }
  const actorText = q.actor ? `%${likeEscape(q.actor)}%` : undefined;
  const where = and(
    scope,
    under ? like(auditLog.unitPath, `${under}%`) : undefined,
    q.action ? like(auditLog.action, `${likeEscape(q.action)}%`) : undefined,
    q.entityType ? eq(auditLog.entityType, q.entityType) : undefined,
    q.from ? gte(auditLog.at, q.from) : undefined,
    q.to ? lte(auditLog.at, q.to) : undefined,
    actorText
      ? inArray(
          auditLog.actorId,
          db
            .select({ id: users.id })
            .from(users)
            .where(or(ilike(users.name, actorText), ilike(users.email, actorText))),
        )
      : undefined,
  );
  const [total] = await db.select({ n: count() }).from(auditLog).where(where);
  const rows = await db
    .select({ e: auditLog, name: users.name, email: users.email })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(where)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(q.limit)
    .offset(q.offset);
  const refs = await unitRefs(
    db,
    rows.map((r) => (r.e.unitPath ? (pathIds(r.e.unitPath).at(-1) ?? 0) : 0)).filter((id) => id > 0),
  );
  const items: AuditEntry[] = rows.map(({ e, name, email }) => ({
    id: String(e.id),
    at: dbTimeIso(e.at),
    actor: e.actorId ? { id: e.actorId, name: name ?? '', email: email ?? '' } : null,
    actorRole: e.actorRole,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    unit: e.unitPath ? (refs.get(pathIds(e.unitPath).at(-1) ?? 0) ?? null) : null,
    changes: e.changes as AuditEntry['changes'],
    requestId: e.requestId,
    ip: e.ip,
  }));
  return { items, total: total?.n ?? 0 };
}
