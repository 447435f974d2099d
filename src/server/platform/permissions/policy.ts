import { type AnyColumn, type SQL, sql } from 'drizzle-orm';
import { type Permission, ROLE_PERMISSIONS, type Role } from '../../../contract/roles.ts';
import { AppError } from '../errors/app-error.ts';
import type { Actor, ActorAssignment } from './actor.ts';

/**
 * The one permission mechanism. A role grants permissions (contract/roles.ts); an assignment
 * grants them on its unit's subtree. Every check reduces to "does some assignment that carries
 * the permission sit on an ancestor-or-self of the target's path".
 */

export function permissionsOf(actor: Actor): Permission[] {
  const set = new Set<Permission>();
  for (const a of actor.assignments) for (const p of ROLE_PERMISSIONS[a.role]) set.add(p);
  return [...set];
}

export function hasPermissionAnywhere(actor: Actor, permission: Permission): boolean {
  return actor.assignments.some((a) => ROLE_PERMISSIONS[a.role].includes(permission));
}

/** Assignments that carry the permission, broadest first. */
export function grantsFor(actor: Actor, permission: Permission): ActorAssignment[] {
  return actor.assignments
    .filter((a) => ROLE_PERMISSIONS[a.role].includes(permission))
    .sort((x, y) => x.unitPath.length - y.unitPath.length);
}

/** The assignment (and so the role) under which the actor may act on a path, if any. */
export function grantOn(actor: Actor, permission: Permission, path: string): ActorAssignment | undefined {
  return grantsFor(actor, permission).find((a) => path.startsWith(a.unitPath));
}

export function can(actor: Actor, permission: Permission, path: string): boolean {
  return grantOn(actor, permission, path) !== undefined;
}

/**
 * Throws unless the actor holds the permission on the path. Something the actor may not even
 * read is reported as not found, so scope cannot be probed for what exists outside it.
 */
export function authorize(actor: Actor, permission: Permission, path: string): ActorAssignment {
  const grant = grantOn(actor, permission, path);
  if (grant) return grant;
  if (permission !== 'org.read' && can(actor, 'org.read', path)) throw new AppError(403, 'out_of_scope');
  throw new AppError(404, 'not_found');
}

/** A SQL condition restricting a path column to the subtrees where the actor holds the permission. */
export function scopeCondition(actor: Actor, permission: Permission, pathColumn: AnyColumn | SQL): SQL {
  const roots = minimalRoots(grantsFor(actor, permission).map((a) => a.unitPath));
  if (roots.length === 0) return sql`false`;
  const parts = roots.map((p) => sql`${pathColumn} like ${`${p}%`}`);
  return sql`(${sql.join(parts, sql` or `)})`;
}

/** Drops paths already covered by an ancestor in the list. */
export function minimalRoots(paths: string[]): string[] {
  const sorted = [...new Set(paths)].sort((a, b) => a.length - b.length);
  const out: string[] = [];
  for (const p of sorted) if (!out.some((r) => p.startsWith(r))) out.push(p);
  return out;
}

export function roleOf(grant: ActorAssignment | undefined): Role | null {
  return grant?.role ?? null;
}
