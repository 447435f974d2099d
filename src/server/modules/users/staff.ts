import { and, asc, eq, inArray, ne, or } from 'drizzle-orm';
import type { UnitKind } from '../../../contract/roles.ts';
import {
  ACCOMPANIMENT_ROLES,
  type Companion,
  type SchoolStaff,
  STAFF_ROLES,
  type StaffMember,
  type StaffRole,
} from '../../../contract/staff.ts';
import { users } from '../../platform/auth/schema.ts';
import type { Executor } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { Actor } from '../../platform/permissions/actor.ts';
import { authorize } from '../../platform/permissions/policy.ts';
import { dbTimeIso } from '../../platform/time.ts';
import { orgUnits, roleAssignments } from '../org/schema.ts';
import { pathIds } from '../org/search.ts';
import { requireUnit } from '../org/service.ts';
import { authorizeGrant } from './policy.ts';

/**
 * A school's staff (roles held on the school) and who accompanies it from its zone and sector.
 * Reading it needs users.read over the school: the list carries e-mails and account states.
 */
export async function getSchoolStaff(db: Executor, actor: Actor, unitId: number): Promise<SchoolStaff> {
  const unit = await requireUnit(db, unitId);
  authorize(actor, 'users.read', unit.path);
  // Only schools have staff; for other units the sub-resource does not exist.
  if (unit.kind !== 'school') throw new AppError(404, 'not_found');
  const above = pathIds(unit.path).filter((id) => id !== unit.id);
  // One query for both parts, so the page costs the same however many people the school has.
  const rows = await db
    .select({
      assignmentId: roleAssignments.id,
      role: roleAssignments.role,
      grantedAt: roleAssignments.createdAt,
      userId: users.id,
      name: users.name,
      email: users.email,
      status: users.status,
      unitId: orgUnits.id,
      kind: orgUnits.kind,
      code: orgUnits.code,
      unitName: orgUnits.name,
    })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .innerJoin(orgUnits, eq(orgUnits.id, roleAssignments.unitId))
    .where(
      or(
        and(eq(roleAssignments.unitId, unit.id), inArray(roleAssignments.role, [...STAFF_ROLES])),
        // A disabled account no longer accompanies anyone.
        and(
          inArray(roleAssignments.unitId, above),
          inArray(roleAssignments.role, [...ACCOMPANIMENT_ROLES]),
          ne(users.status, 'disabled'),
        ),
      ),
    )
    .orderBy(asc(users.name), asc(users.id));

  const staff: SchoolStaff['staff'] = { school_director: [], teacher: [], parent: [] };
  const accompaniment: Companion[] = [];
  for (const r of rows) {
    if (r.unitId === unit.id) {
      const role = r.role as StaffRole;
      const member: StaffMember = {
        userId: r.userId,
        name: r.name,
        email: r.email,
        status: r.status,
        role,
        assignmentId: r.assignmentId,
        grantedAt: dbTimeIso(r.grantedAt),
      };
      staff[role].push(member);
    } else {
      accompaniment.push({
        name: r.name,
        role: r.role as Companion['role'],
        unit: { id: r.unitId, kind: r.kind, code: r.code, name: r.unitName },
      });
    }
  }
  // The nearest level first: the zone's supervision, then the sector's head.
  accompaniment.sort((a, b) => ACCOMPANIMENT_ROLES.indexOf(a.role) - ACCOMPANIMENT_ROLES.indexOf(b.role));
  return {
    unit: { id: unit.id, kind: unit.kind, code: unit.code, name: unit.name },
    staff,
    accompaniment,
    canGrant: STAFF_ROLES.filter((role) => mayGrant(actor, role, unit)),
  };
}

/** Asks the grant policy itself, so the page's buttons never disagree with what the server allows. */
function mayGrant(actor: Actor, role: StaffRole, unit: { kind: UnitKind; path: string }): boolean {
  try {
    authorizeGrant(actor, role, unit);
    return true;
  } catch (err) {
    if (err instanceof AppError) return false;
    throw err;
  }
}
