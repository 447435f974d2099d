import { z } from 'zod';
import { UnitRef } from './api.ts';

/** The roles held ON a school that make up its staff (Dirección escolar, Docentes, CEPS). */
export const STAFF_ROLES = ['school_director', 'teacher', 'parent'] as const;
export const StaffRole = z.enum(STAFF_ROLES);
export type StaffRole = z.infer<typeof StaffRole>;

/** The roles above a school that accompany it: its zone's supervision and its sector's head. */
export const ACCOMPANIMENT_ROLES = ['zone_supervisor', 'sector_head'] as const;
export const AccompanimentRole = z.enum(ACCOMPANIMENT_ROLES);

export const StaffMember = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  status: z.enum(['active', 'invited', 'disabled']),
  role: StaffRole,
  /** What DELETE /api/users/:userId/roles/:assignmentId takes to remove the person from the school. */
  assignmentId: z.string(),
  grantedAt: z.string(),
});
export type StaffMember = z.infer<typeof StaffMember>;

/** Who accompanies the school from above: name and role only, their contact is not the school's to read. */
export const Companion = z.object({
  name: z.string(),
  role: AccompanimentRole,
  unit: UnitRef,
});
export type Companion = z.infer<typeof Companion>;

export const SchoolStaff = z.object({
  unit: UnitRef,
  /** Staff grouped by role, each sorted by name. */
  staff: z.object({
    school_director: z.array(StaffMember),
    teacher: z.array(StaffMember),
    parent: z.array(StaffMember),
  }),
  accompaniment: z.array(Companion),
  /** Staff roles the caller may grant or revoke on this school (the server checks again on every change). */
  canGrant: z.array(StaffRole),
});
export type SchoolStaff = z.infer<typeof SchoolStaff>;
