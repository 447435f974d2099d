import { and, asc, count, desc, eq, exists, ilike, like, or, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { GrantBody, InviteBody, UserListQuery, UserSummary } from '../../../contract/api.ts';
import { ROLE_LABELS_ES } from '../../../contract/role-labels.ts';
import type { AppContext } from '../../context.ts';
import { diff, recordAudit } from '../../platform/audit/service.ts';
import { sessions, users } from '../../platform/auth/schema.ts';
import type { Executor, Tx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { Actor, RequestMeta } from '../../platform/permissions/actor.ts';
import { authorize, can, scopeCondition } from '../../platform/permissions/policy.ts';
import { dbTimeIso } from '../../platform/time.ts';
import { inviteMail, roleGrantedMail } from '../auth/mails.ts';
import { issuePasswordToken } from '../auth/service.ts';
import { orgUnits, roleAssignments } from '../org/schema.ts';
import { likeEscape } from '../org/search.ts';
import { requireUnit } from '../org/service.ts';
import { assignmentsOf, withoutPath } from './assignments.ts';
import { authorizeGrant } from './policy.ts';

type UserRow = typeof users.$inferSelect;

/** Users with at least one role inside the actor's users.read scope; only those roles are shown. */
export async function listUsers(db: Executor, actor: Actor, q: z.infer<typeof UserListQuery>) {
  const inScope = scopeCondition(actor, 'users.read', orgUnits.path);
  let under: string | undefined;
  if (q.unitId !== undefined) {
    const unit = await requireUnit(db, q.unitId);
    authorize(actor, 'users.read', unit.path);
    under = unit.path;
  }
  const hasVisibleRole = exists(
    db
      .select({ one: sql`1` })
      .from(roleAssignments)
      .innerJoin(orgUnits, eq(orgUnits.id, roleAssignments.unitId))
      .where(
        and(
          eq(roleAssignments.userId, users.id),
          inScope,
          under ? like(orgUnits.path, `${under}%`) : undefined,
          q.role ? eq(roleAssignments.role, q.role) : undefined,
        ),
      ),
  );
  const text = q.q ? `%${likeEscape(q.q)}%` : undefined;
  const where = and(hasVisibleRole, text ? or(ilike(users.name, text), ilike(users.email, text)) : undefined);
  const sortCol = { name: users.name, email: users.email, createdAt: users.createdAt }[q.sort];
  const [total] = await db.select({ n: count() }).from(users).where(where);
  const rows = await db
    .select()
    .from(users)
    .where(where)
    .orderBy(q.dir === 'desc' ? desc(sortCol) : asc(sortCol), asc(users.id))
    .limit(q.limit)
    .offset(q.offset);
  return { items: await summaries(db, actor, rows), total: total?.n ?? 0 };
}

async function summaries(db: Executor, actor: Actor, rows: UserRow[]): Promise<UserSummary[]> {
  const byUser = await assignmentsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    name: r.name,
    status: r.status,
    createdAt: dbTimeIso(r.createdAt),
    assignments: (byUser.get(r.id) ?? [])
      .filter((a) => can(actor, 'users.read', a.unitPath))
      .map(withoutPath),
  }));
}

/** A user is visible when one of their roles is in the actor's users.read scope (or it is oneself). */
export async function getUser(db: Executor, actor: Actor, id: string): Promise<UserSummary> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  if (!row) throw new AppError(404, 'not_found');
  const [summary] = await summaries(db, actor, [row]);
  if (!summary || (summary.assignments.length === 0 && id !== actor.userId))
    throw new AppError(404, 'not_found');
  return summary;
}

async function grantInTx(
  ctx: AppContext,
  tx: Tx,
  actor: Actor,
  meta: RequestMeta,
  user: UserRow,
  body: z.infer<typeof GrantBody>,
  notify: boolean,
) {
  const unit = await requireUnit(tx, body.unitId);
  const grant = authorizeGrant(actor, body.role, unit);
  const [created] = await tx
    .insert(roleAssignments)
    .values({ userId: user.id, role: body.role, unitId: unit.id, grantedBy: actor.userId })
    .onConflictDoNothing()
    .returning();
  if (!created) throw new AppError(409, 'assignment_exists');
  if (notify) {
    await ctx.mailer.enqueue(
      tx,
      roleGrantedMail(ctx.cfg.publicUrl, user, actor.name, ROLE_LABELS_ES[body.role], unit.name),
    );
  }
  await recordAudit(
    tx,
    { actor, role: grant.role, meta },
    {
      action: 'user.role_grant',
      entityType: 'role_assignment',
      entityId: created.id,
      unitPath: unit.path,
      changes: diff(null, { userId: user.id, email: user.email, role: body.role, unitId: unit.id }),
    },
  );
  return unit;
}

/**
 * Invites a person by e-mail with a first role. Someone who already has an account simply gets the
 * role (and an e-mail saying so); a new person gets an invitation link to choose a password.
 */
export async function inviteUser(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  body: z.infer<typeof InviteBody>,
) {
  const userId = await ctx.db.transaction(async (tx) => {
    const [existing] = await tx.select().from(users).where(eq(users.email, body.email));
    if (existing) {
      await grantInTx(ctx, tx, actor, meta, existing, body, true);
      return existing.id;
    }
    const unit = await requireUnit(tx, body.unitId);
    const grant = authorizeGrant(actor, body.role, unit);
    const [user] = await tx
      .insert(users)
      .values({ email: body.email, name: body.name, status: 'invited' })
      .returning();
    if (!user) throw new Error('user insert returned nothing');
    await recordAudit(
      tx,
      { actor, role: grant.role, meta },
      {
        action: 'user.invite',
        entityType: 'user',
        entityId: user.id,
        unitPath: unit.path,
        changes: diff(null, { email: user.email, name: user.name, status: 'invited' }),
      },
    );
    await grantInTx(ctx, tx, actor, meta, user, body, false);
    const token = await issuePasswordToken(tx, user.id, 'invite', 7 * 24 * 60);
    await ctx.mailer.enqueue(
      tx,
      inviteMail(ctx.cfg.publicUrl, user, actor.name, ROLE_LABELS_ES[body.role], unit.name, token),
    );
    return user.id;
  });
  void ctx.mailer.deliverPending(ctx.db);
  return getUser(ctx.db, actor, userId);
}

export async function grantRole(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  userId: string,
  body: z.infer<typeof GrantBody>,
) {
  await getUser(ctx.db, actor, userId);
  await ctx.db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, userId));
    if (!user) throw new AppError(404, 'not_found');
    await grantInTx(ctx, tx, actor, meta, user, body, true);
  });
  void ctx.mailer.deliverPending(ctx.db);
  return getUser(ctx.db, actor, userId);
}

export async function revokeRole(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  userId: string,
  assignmentId: string,
) {
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ a: roleAssignments, path: orgUnits.path, kind: orgUnits.kind })
      .from(roleAssignments)
      .innerJoin(orgUnits, eq(orgUnits.id, roleAssignments.unitId))
      .where(and(eq(roleAssignments.id, assignmentId), eq(roleAssignments.userId, userId)));
    if (!row) throw new AppError(404, 'not_found');
    const grant = authorizeGrant(actor, row.a.role as never, { kind: row.kind, path: row.path });
    await tx.delete(roleAssignments).where(eq(roleAssignments.id, assignmentId));
    await recordAudit(
      tx,
      { actor, role: grant.role, meta },
      {
        action: 'user.role_revoke',
        entityType: 'role_assignment',
        entityId: assignmentId,
        unitPath: row.path,
        changes: diff({ userId, role: row.a.role, unitId: row.a.unitId }, null),
      },
    );
  });
  // Not getUser: after removing the person's last role in the actor's scope it would answer 404
  // for a revocation that succeeded. The actor just managed this person, so may see the outcome.
  const [user] = await ctx.db.select().from(users).where(eq(users.id, userId));
  if (!user) throw new AppError(404, 'not_found');
  const [summary] = await summaries(ctx.db, actor, [user]);
  if (!summary) throw new Error('summary of a known user is missing');
  return summary;
}

/**
 * Disabling an account acts everywhere, so the actor must be able to manage every role the
 * person holds; their sessions end at once.
 */
export async function setUserStatus(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  userId: string,
  status: 'active' | 'disabled',
) {
  if (userId === actor.userId) throw new AppError(422, 'cannot_disable_self');
  await ctx.db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, userId));
    if (!user) throw new AppError(404, 'not_found');
    const held = (await assignmentsOf(tx, [userId])).get(userId) ?? [];
    if (!held.some((a) => can(actor, 'users.read', a.unitPath))) throw new AppError(404, 'not_found');
    let role: string | null = null;
    for (const a of held) role = authorizeGrant(actor, a.role, { kind: a.unit.kind, path: a.unitPath }).role;
    if (user.status === status || (status === 'active' && user.status === 'invited')) return;
    const now = new Date().toISOString();
    await tx.update(users).set({ status, updatedAt: now }).where(eq(users.id, userId));
    if (status === 'disabled') {
      await tx
        .update(sessions)
        .set({ revokedAt: now })
        .where(and(eq(sessions.userId, userId), sql`${sessions.revokedAt} is null`));
    }
    await recordAudit(
      tx,
      { actor, role, meta },
      {
        action: status === 'disabled' ? 'user.disable' : 'user.enable',
        entityType: 'user',
        entityId: userId,
        unitPath: held[0]?.unitPath ?? null,
        changes: diff({ status: user.status }, { status }),
      },
    );
  });
  return getUser(ctx.db, actor, userId);
}
