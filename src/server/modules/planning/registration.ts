import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.ts';
import { pecRegistrations } from '../enrollment/schema.ts';

/**
 * The one place planning reads enrollment's table (read-only): whether the school is registered in
 * the cycle, and the grant it may receive, which bounds its PAT's programme spending.
 */
export async function registrationOf(
  db: Executor,
  cycleId: number,
  schoolId: number,
): Promise<{ id: string; eligible: boolean; grantCap: number | null; selection: string | null } | undefined> {
  const [r] = await db
    .select({
      id: pecRegistrations.id,
      eligible: pecRegistrations.eligible,
      grantCap: pecRegistrations.grantCap,
      selection: pecRegistrations.selection,
    })
    .from(pecRegistrations)
    .where(
      and(
        eq(pecRegistrations.cycleId, cycleId),
        eq(pecRegistrations.schoolUnitId, schoolId),
        eq(pecRegistrations.status, 'registered'),
      ),
    );
  return r;
}
