import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Role, UnitKind } from '../../../contract/roles.ts';
import type { Config } from '../../config.ts';
import { orgUnits, roleAssignments } from '../../modules/org/schema.ts';
import type { Db, Executor } from '../db/client.ts';
import type { Actor } from '../permissions/actor.ts';
import { dbTimeMs } from '../time.ts';
import { sessions, users } from './schema.ts';
import { newToken, tokenHash } from './tokens.ts';

export const SESSION_COOKIE = 'calidad_sid';

export async function createSession(
  tx: Executor,
  cfg: Config,
  userId: string,
  ip: string | null,
  userAgent: string | null,
): Promise<{ token: string; id: string; csrfToken: string }> {
  const token = newToken();
  const csrfToken = newToken();
  const expiresAt = new Date(Date.now() + cfg.SESSION_MAX_HOURS * 3600_000).toISOString();
  const [row] = await tx
    .insert(sessions)
    .values({
      tokenHash: tokenHash(token),
      userId,
      csrfToken,
      ip,
      userAgent: userAgent?.slice(0, 300),
      expiresAt,
    })
    .returning({ id: sessions.id });
  if (!row) throw new Error('session insert returned nothing');
  return { token, id: row.id, csrfToken };
}

interface AssignmentJson {
  id: string;
  role: Role;
  unitId: number;
  unitKind: UnitKind;
  unitPath: string;
}

export type SessionLookup = { status: 'ok'; actor: Actor } | { status: 'expired' } | { status: 'none' };

/**
 * Resolves a cookie token to an actor. Idle sessions expire; `last_seen_at` is refreshed at most
 * once a minute so reads don't each cost a write.
 */
/**
 * One round trip per request: the session, its user and every role assignment with its unit.
 * Prepared once per database handle, so PostgreSQL plans it once per connection, not per request.
 */
function buildSessionLookup(db: Db) {
  const assignments = sql<AssignmentJson[] | string>`(
      select coalesce(json_agg(json_build_object(
        'id', ra.id, 'role', ra.role, 'unitId', ou.id, 'unitKind', ou.kind, 'unitPath', ou.path
      ) order by length(ou.path), ou.name), '[]'::json)
      from ${roleAssignments} ra join ${orgUnits} ou on ou.id = ra.unit_id
      where ra.user_id = ${users.id})`;
  return db
    .select({
      id: sessions.id,
      csrfToken: sessions.csrfToken,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      revokedAt: sessions.revokedAt,
      userId: users.id,
      email: users.email,
      name: users.name,
      locale: users.locale,
      status: users.status,
      assignments,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.tokenHash, sql.placeholder('hash')))
    .prepare('session_lookup');
}

const lookups = new WeakMap<Db, ReturnType<typeof buildSessionLookup>>();
function sessionLookup(db: Db) {
  let q = lookups.get(db);
  if (!q) {
    q = buildSessionLookup(db);
    lookups.set(db, q);
  }
  return q;
}

export async function resolveSession(db: Db, cfg: Config, token: string): Promise<SessionLookup> {
  const [row] = await sessionLookup(db).execute({ hash: tokenHash(token) });
  if (!row || row.revokedAt || row.status !== 'active') return { status: 'none' };
  const now = Date.now();
  const lastSeen = dbTimeMs(row.lastSeenAt);
  if (dbTimeMs(row.expiresAt) <= now || now - lastSeen > cfg.SESSION_IDLE_MINUTES * 60_000) {
    return { status: 'expired' };
  }
  if (now - lastSeen > 60_000) {
    await db
      .update(sessions)
      .set({ lastSeenAt: new Date(now).toISOString() })
      .where(eq(sessions.id, row.id));
  }
  const assignments = (
    typeof row.assignments === 'string' ? JSON.parse(row.assignments) : row.assignments
  ) as AssignmentJson[];
  return {
    status: 'ok',
    actor: {
      userId: row.userId,
      email: row.email,
      name: row.name,
      locale: row.locale,
      assignments,
      sessionId: row.id,
      csrfToken: row.csrfToken,
    },
  };
}

/** A user as an actor, with the roles they hold now, acting through `session` (a login's, or a command's). */
export async function actorOfUser(
  db: Executor,
  user: Pick<Actor, 'email' | 'name' | 'locale'> & { id: string },
  session: { id: string; csrfToken: string },
): Promise<Actor> {
  return {
    userId: user.id,
    email: user.email,
    name: user.name,
    locale: user.locale,
    assignments: await loadAssignments(db, user.id),
    sessionId: session.id,
    csrfToken: session.csrfToken,
  };
}

export async function loadAssignments(db: Executor, userId: string): Promise<Actor['assignments']> {
  const rows = await db
    .select({
      id: roleAssignments.id,
      role: roleAssignments.role,
      unitId: orgUnits.id,
      unitKind: orgUnits.kind,
      unitPath: orgUnits.path,
    })
    .from(roleAssignments)
    .innerJoin(orgUnits, eq(orgUnits.id, roleAssignments.unitId))
    .where(eq(roleAssignments.userId, userId))
    .orderBy(sql`length(${orgUnits.path})`, orgUnits.name);
  return rows.map((r) => ({ ...r, role: r.role as Role, unitKind: r.unitKind as UnitKind }));
}

export async function revokeSession(db: Executor, userId: string, sessionId: string): Promise<boolean> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: new Date().toISOString() })
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return rows.length > 0;
}
