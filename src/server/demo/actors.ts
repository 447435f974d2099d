import { eq } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { users } from '../platform/auth/schema.ts';
import { loadAssignments } from '../platform/auth/sessions.ts';
import type { Actor } from '../platform/permissions/actor.ts';

/** A demo user as the services see a signed-in person (Spanish, no session), or null if absent. */
export async function findDemoActor(ctx: AppContext, email: string): Promise<Actor | null> {
  const [u] = await ctx.db.select().from(users).where(eq(users.email, email));
  if (!u) return null;
  return {
    userId: u.id,
    email: u.email,
    name: u.name,
    locale: 'es',
    assignments: await loadAssignments(ctx.db, u.id),
    sessionId: '',
    csrfToken: '',
  };
}

/** As findDemoActor, for a user the demo story cannot go on without. */
export async function demoActor(ctx: AppContext, email: string): Promise<Actor> {
  const actor = await findDemoActor(ctx, email);
  if (!actor) throw new Error(`demo user ${email} missing`);
  return actor;
}
