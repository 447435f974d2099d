import { and, desc, eq, gt, isNull, ne } from 'drizzle-orm';
import type { z } from 'zod';
import type { LoginBody, Me, UpdateMeBody } from '../../../contract/api.ts';
import type { AppContext } from '../../context.ts';
import { diff, recordAudit } from '../../platform/audit/service.ts';
import { hashPassword, verifyPassword } from '../../platform/auth/passwords.ts';
import { passwordTokens, sessions, users } from '../../platform/auth/schema.ts';
import { actorOfUser, createSession, revokeSession } from '../../platform/auth/sessions.ts';
import { assertLoginAllowed, clearLoginFailures, recordLoginFailure } from '../../platform/auth/throttle.ts';
import { newToken, tokenHash } from '../../platform/auth/tokens.ts';
import type { Executor } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { Actor, RequestMeta } from '../../platform/permissions/actor.ts';
import { permissionsOf } from '../../platform/permissions/policy.ts';
import { dbTimeIso } from '../../platform/time.ts';
import { seatSummaries } from '../alliance/common.ts';
import { assignmentsOf, withoutPath } from '../users/assignments.ts';
import { resetMail } from './mails.ts';

export interface ClientInfo extends RequestMeta {
  userAgent: string | null;
}

export async function buildMe(db: Executor, actor: Actor): Promise<Me> {
  const assignments = (await assignmentsOf(db, [actor.userId])).get(actor.userId) ?? [];
  return {
    id: actor.userId,
    email: actor.email,
    name: actor.name,
    locale: actor.locale,
    assignments: assignments.map(withoutPath),
    permissions: permissionsOf(actor),
    seats: await seatSummaries(db, actor.userId),
    csrfToken: actor.csrfToken,
  };
}

/** Checks throttling, then the password; every failure is counted and audited. */
export async function login(ctx: AppContext, body: z.infer<typeof LoginBody>, client: ClientInfo) {
  const { db, cfg } = ctx;
  const ip = client.ip ?? 'unknown';
  await assertLoginAllowed(db, cfg, body.email, ip);
  const [user] = await db.select().from(users).where(eq(users.email, body.email));
  const valid = await verifyPassword(user?.passwordHash ?? null, body.password);
  if (!user || !valid) {
    await db.transaction(async (tx) => {
      await recordLoginFailure(tx, body.email, ip);
      await recordAudit(
        tx,
        { actor: null, role: null, meta: client },
        {
          action: 'auth.login_failed',
          entityType: 'login',
          entityId: body.email,
          unitPath: null,
          changes: {},
        },
      );
    });
    throw new AppError(401, 'invalid_credentials');
  }
  if (user.status !== 'active') throw new AppError(403, 'account_disabled');
  const session = await db.transaction(async (tx) => {
    await clearLoginFailures(tx, cfg, body.email);
    const s = await createSession(tx, cfg, user.id, client.ip, client.userAgent);
    await recordAudit(
      tx,
      { actor: { userId: user.id }, role: null, meta: client },
      { action: 'auth.login', entityType: 'session', entityId: s.id, unitPath: null, changes: {} },
    );
    return s;
  });
  return { token: session.token, actor: await actorOfUser(db, user, session) };
}

export async function logout(ctx: AppContext, actor: Actor, meta: RequestMeta) {
  await ctx.db.transaction(async (tx) => {
    if (await revokeSession(tx, actor.userId, actor.sessionId)) {
      await recordAudit(
        tx,
        { actor, role: null, meta },
        {
          action: 'auth.logout',
          entityType: 'session',
          entityId: actor.sessionId,
          unitPath: null,
          changes: {},
        },
      );
    }
  });
}

export async function changePassword(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  current: string,
  next: string,
) {
  const [user] = await ctx.db.select().from(users).where(eq(users.id, actor.userId));
  if (!user || !(await verifyPassword(user.passwordHash, current))) throw new AppError(422, 'wrong_password');
  const passwordHash = await hashPassword(next);
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, updatedAt: new Date().toISOString() })
      .where(eq(users.id, user.id));
    // Other sessions end: whoever else had the old password is out.
    await tx
      .update(sessions)
      .set({ revokedAt: new Date().toISOString() })
      .where(and(eq(sessions.userId, user.id), isNull(sessions.revokedAt), ne(sessions.id, actor.sessionId)));
    await recordAudit(
      tx,
      { actor, role: null, meta },
      { action: 'auth.password_change', entityType: 'user', entityId: user.id, unitPath: null, changes: {} },
    );
  });
}

/** Always succeeds from the caller's view, so the form cannot tell who has an account. */
export async function requestPasswordReset(ctx: AppContext, email: string, meta: RequestMeta) {
  const [user] = await ctx.db.select().from(users).where(eq(users.email, email));
  if (!user || user.status === 'disabled') return;
  await ctx.db.transaction(async (tx) => {
    const token = await issuePasswordToken(tx, user.id, 'reset', 60);
    await ctx.mailer.enqueue(tx, resetMail(ctx.cfg.publicUrl, user, token));
    await recordAudit(
      tx,
      { actor: null, role: null, meta },
      {
        action: 'auth.password_reset_request',
        entityType: 'user',
        entityId: user.id,
        unitPath: null,
        changes: {},
      },
    );
  });
  void ctx.mailer.deliverPending(ctx.db);
}

export async function issuePasswordToken(
  tx: Executor,
  userId: string,
  purpose: 'reset' | 'invite',
  minutes: number,
) {
  const token = newToken();
  const expiresAt = new Date(Date.now() + minutes * 60_000).toISOString();
  await tx.insert(passwordTokens).values({ tokenHash: tokenHash(token), userId, purpose, expiresAt });
  return token;
}

export async function confirmPasswordReset(
  ctx: AppContext,
  token: string,
  password: string,
  meta: RequestMeta,
) {
  const passwordHash = await hashPassword(password);
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(passwordTokens)
      .where(
        and(
          eq(passwordTokens.tokenHash, tokenHash(token)),
          isNull(passwordTokens.usedAt),
          gt(passwordTokens.expiresAt, new Date().toISOString()),
        ),
      );
    if (!row) throw new AppError(400, 'token_invalid');
    const [user] = await tx.select().from(users).where(eq(users.id, row.userId));
    if (!user || user.status === 'disabled') throw new AppError(400, 'token_invalid');
    const now = new Date().toISOString();
    await tx.update(passwordTokens).set({ usedAt: now }).where(eq(passwordTokens.tokenHash, row.tokenHash));
    await tx
      .update(users)
      .set({ passwordHash, status: 'active', updatedAt: now })
      .where(eq(users.id, user.id));
    await tx
      .update(sessions)
      .set({ revokedAt: now })
      .where(and(eq(sessions.userId, user.id), isNull(sessions.revokedAt)));
    await recordAudit(
      tx,
      { actor: { userId: user.id }, role: null, meta },
      {
        action: row.purpose === 'invite' ? 'auth.invitation_accept' : 'auth.password_reset',
        entityType: 'user',
        entityId: user.id,
        unitPath: null,
        changes: diff({ status: user.status }, { status: 'active' }),
      },
    );
  });
}

export async function updateMe(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  body: z.infer<typeof UpdateMeBody>,
) {
  const next = { locale: body.locale ?? actor.locale, name: body.name ?? actor.name };
  const changes = diff({ locale: actor.locale, name: actor.name }, next);
  if (Object.keys(changes).length > 0) {
    await ctx.db.transaction(async (tx) => {
      await tx
        .update(users)
        .set({ ...next, updatedAt: new Date().toISOString() })
        .where(eq(users.id, actor.userId));
      await recordAudit(
        tx,
        { actor, role: null, meta },
        {
          action: 'user.update_profile',
          entityType: 'user',
          entityId: actor.userId,
          unitPath: null,
          changes,
        },
      );
    });
  }
  return buildMe(ctx.db, { ...actor, ...next });
}

export async function listSessions(ctx: AppContext, actor: Actor) {
  const rows = await ctx.db
    .select()
    .from(sessions)
    .where(
      and(
        eq(sessions.userId, actor.userId),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, new Date().toISOString()),
      ),
    )
    .orderBy(desc(sessions.lastSeenAt));
  const idleCutoff = Date.now() - ctx.cfg.SESSION_IDLE_MINUTES * 60_000;
  return rows
    .filter((s) => Date.parse(dbTimeIso(s.lastSeenAt)) > idleCutoff)
    .map((s) => ({
      id: s.id,
      createdAt: dbTimeIso(s.createdAt),
      lastSeenAt: dbTimeIso(s.lastSeenAt),
      ip: s.ip,
      userAgent: s.userAgent,
      current: s.id === actor.sessionId,
    }));
}

export async function endSession(ctx: AppContext, actor: Actor, meta: RequestMeta, sessionId: string) {
  await ctx.db.transaction(async (tx) => {
    if (!(await revokeSession(tx, actor.userId, sessionId))) throw new AppError(404, 'not_found');
    await recordAudit(
      tx,
      { actor, role: null, meta },
      {
        action: 'auth.session_revoke',
        entityType: 'session',
        entityId: sessionId,
        unitPath: null,
        changes: {},
      },
    );
  });
}
