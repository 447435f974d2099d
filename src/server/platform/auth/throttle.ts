import { and, count, eq, gt, lt, min } from 'drizzle-orm';
import type { Config } from '../../config.ts';
import type { Executor } from '../db/client.ts';
import { AppError } from '../errors/app-error.ts';
import { dbTimeMs } from '../time.ts';
import { loginFailures } from './schema.ts';

/**
 * Login throttling kept in the database, so it holds across processes and restarts: too many
 * failures for one account, or from one IP, inside the window refuse further attempts until the
 * oldest failure leaves the window.
 */
export async function assertLoginAllowed(
  db: Executor,
  cfg: Config,
  email: string,
  ip: string,
): Promise<void> {
  const since = new Date(Date.now() - cfg.LOGIN_WINDOW_MINUTES * 60_000).toISOString();
  const check = async (column: typeof loginFailures.email | typeof loginFailures.ip, value: string) => {
    const [r] = await db
      .select({ n: count(), oldest: min(loginFailures.at) })
      .from(loginFailures)
      .where(and(eq(column, value), gt(loginFailures.at, since)));
    return { n: r?.n ?? 0, oldest: r?.oldest ?? null };
  };
  const waitMinutes = (oldest: string | null) => {
    const until = (oldest ? dbTimeMs(oldest) : Date.now()) + cfg.LOGIN_WINDOW_MINUTES * 60_000;
    return Math.max(1, Math.ceil((until - Date.now()) / 60_000));
  };
  const byAccount = await check(loginFailures.email, email);
  if (byAccount.n >= cfg.LOGIN_MAX_FAILURES_ACCOUNT) {
    const minutes = waitMinutes(byAccount.oldest);
    throw new AppError(429, 'account_locked', { minutes }, { retryAfterSeconds: minutes * 60 });
  }
  const byIp = await check(loginFailures.ip, ip);
  if (byIp.n >= cfg.LOGIN_MAX_FAILURES_IP) {
    const minutes = waitMinutes(byIp.oldest);
    throw new AppError(429, 'ip_throttled', { minutes }, { retryAfterSeconds: minutes * 60 });
  }
}

export async function recordLoginFailure(db: Executor, email: string, ip: string): Promise<void> {
  await db.insert(loginFailures).values({ email, ip });
}

export async function clearLoginFailures(db: Executor, cfg: Config, email: string): Promise<void> {
  await db.delete(loginFailures).where(eq(loginFailures.email, email));
  // Housekeeping: failures older than the window no longer count for anyone.
  const cutoff = new Date(Date.now() - cfg.LOGIN_WINDOW_MINUTES * 60_000).toISOString();
  await db.delete(loginFailures).where(lt(loginFailures.at, cutoff));
}
