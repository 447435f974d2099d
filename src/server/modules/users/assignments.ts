import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { RoleAssignment } from '../../../contract/api.ts';
import type { Role } from '../../../contract/roles.ts';
import type { Executor } from '../../platform/db/client.ts';
import { dbTimeIso } from '../../platform/time.ts';
import { orgUnits, roleAssignments } from '../org/schema.ts';

export interface AssignmentWithPath extends RoleAssignment {
  unitPath: string;
}

/** Role assignments of several users with their units, in one query. */
export async function assignmentsOf(
  db: Executor,
  userIds: string[],
): Promise<Map<string, AssignmentWithPath[]>> {
  const out = new Map<string, AssignmentWithPath[]>();
  if (userIds.length === 0) return out;
  const rows = await db
    .select({
      id: roleAssignments.id,
      userId: roleAssignments.userId,
      role: roleAssignments.role,
      grantedAt: roleAssignments.createdAt,
      unitId: orgUnits.id,
      kind: orgUnits.kind,
      code: orgUnits.code,
      name: orgUnits.name,
      path: orgUnits.path,
    })
    .from(roleAssignments)
    .innerJoin(orgUnits, eq(orgUnits.id, roleAssignments.unitId))
    .where(inArray(roleAssignments.userId, userIds))
    .orderBy(sql`length(${orgUnits.path})`, asc(orgUnits.name));
  for (const r of rows) {
    const list = out.get(r.userId) ?? [];
    list.push({
      id: r.id,
      role: r.role as Role,
      grantedAt: dbTimeIso(r.grantedAt),
      unit: { id: r.unitId, kind: r.kind, code: r.code, name: r.name },
      unitPath: r.path,
    });
    out.set(r.userId, list);
  }
  return out;
}

export function withoutPath({ unitPath: _, ...rest }: AssignmentWithPath): RoleAssignment {
  return rest;
}
