import { like } from 'drizzle-orm';
import { hashPassword } from '../../src/server/platform/auth/passwords.ts';
import { users } from '../../src/server/platform/auth/schema.ts';
import type { TestApp } from './test-app.ts';

/**
 * People seated through the API are invited accounts: gives every account of a test's e-mail
 * domain a password, so they can sign in, and returns their ids by e-mail.
 */
export async function activateAccounts(t: TestApp, domain: string, password: string) {
  await t.ctx.db
    .update(users)
    .set({ passwordHash: await hashPassword(password), status: 'active' })
    .where(like(users.email, `%${domain}`));
  const people = await t.ctx.db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(like(users.email, `%${domain}`));
  return new Map(people.map((p) => [p.email, p.id]));
}
