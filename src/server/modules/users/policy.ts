import { GRANTABLE_ROLES, ROLE_UNIT_KINDS, type Role, type UnitKind } from '../../../contract/roles.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { Actor, ActorAssignment } from '../../platform/permissions/actor.ts';
import { authorize, grantsFor } from '../../platform/permissions/policy.ts';

/**
 * May the actor grant (or revoke) `role` on a unit? They need users.manage over the unit through
 * an assignment whose role lists `role` as grantable, and the role must fit the unit's kind.
 * Returns the assignment they act under, for the audit trail.
 */
export function authorizeGrant(
  actor: Actor,
  role: Role,
  unit: { kind: UnitKind; path: string },
): ActorAssignment {
  authorize(actor, 'users.manage', unit.path);
  const grant = grantsFor(actor, 'users.manage').find(
    (a) => unit.path.startsWith(a.unitPath) && GRANTABLE_ROLES[a.role].includes(role),
  );
  if (!grant) throw new AppError(403, 'role_not_grantable', { role });
  if (!ROLE_UNIT_KINDS[role].includes(unit.kind)) {
    throw new AppError(422, 'role_unit_mismatch', { role, kind: unit.kind });
  }
  return grant;
}
