import { z } from 'zod';

/** Levels of the organisation tree, from the root down. Schools hang from zones. */
export const UNIT_KINDS = ['nation', 'state', 'sector', 'zone', 'school'] as const;
export const UnitKind = z.enum(UNIT_KINDS);
export type UnitKind = z.infer<typeof UnitKind>;

export const ROLES = [
  'platform_admin',
  'national_coordinator',
  'state_coordinator',
  'sector_head',
  'zone_supervisor',
  'school_director',
  'teacher',
  'parent',
  'external_evaluator',
  'auditor',
] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/**
 * Permissions are coarse capabilities; a role assignment grants them on its unit and the whole
 * subtree below it. Each route declares one of these (or 'public' / 'authenticated').
 */
export const PERMISSIONS = [
  'org.read',
  'org.manage',
  'users.read',
  'users.manage',
  'audit.read',
  'outbox.read',
  'catalog.import',
  // Alianza: acting follows seats on its bodies; these two are for set-up and oversight only.
  'alliance.manage',
  'alliance.read',
  // Escuelas de Calidad: the federal rules (national) and each state's adaptation and extensions.
  'rules.manage',
  'rules.adapt',
  // The school's cycle: register (director), write the plan (director, teachers), review it
  // (zone supervisor), and the state's call, selection and committee ruling (state coordination).
  'pec.register',
  'pec.plan',
  'pec.review',
  'pec.decide',
  // The school council (CEPS) answers the school's accountability report.
  'pec.council',
] as const;
export const Permission = z.enum(PERMISSIONS);
export type Permission = z.infer<typeof Permission>;

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  platform_admin: [
    'org.read',
    'org.manage',
    'users.read',
    'users.manage',
    'audit.read',
    'outbox.read',
    'catalog.import',
    'alliance.manage',
    'alliance.read',
    'rules.manage',
  ],
  national_coordinator: [
    'org.read',
    'org.manage',
    'users.read',
    'users.manage',
    'catalog.import',
    'rules.manage',
  ],
  // A state coordinator imports only its own state's rows, adapts the rules for its state only, and
  // runs its call, selection and technical committee's ruling.
  state_coordinator: [
    'org.read',
    'org.manage',
    'users.read',
    'users.manage',
    'catalog.import',
    'rules.adapt',
    'pec.decide',
  ],
  sector_head: ['org.read', 'users.read', 'users.manage'],
  zone_supervisor: ['org.read', 'users.read', 'users.manage', 'pec.review'],
  // The director records the council session's answer as its secretary; parents on the council do so themselves.
  school_director: ['org.read', 'users.read', 'users.manage', 'pec.register', 'pec.plan', 'pec.council'],
  teacher: ['org.read', 'pec.plan'],
  parent: ['org.read', 'pec.council'],
  external_evaluator: ['org.read'],
  // Read-only everywhere below its node, including the audit trail.
  auditor: ['org.read', 'users.read', 'audit.read', 'alliance.read'],
};

/** Which unit kinds a role may be granted on (a director is granted on a school, and so on). */
export const ROLE_UNIT_KINDS: Record<Role, readonly UnitKind[]> = {
  platform_admin: ['nation'],
  national_coordinator: ['nation'],
  state_coordinator: ['state'],
  sector_head: ['sector'],
  zone_supervisor: ['zone'],
  school_director: ['school'],
  teacher: ['school'],
  parent: ['school'],
  external_evaluator: ['nation', 'state', 'sector', 'zone', 'school'],
  auditor: ['nation', 'state', 'sector', 'zone', 'school'],
};

/** Which roles a holder of a role may grant inside its own subtree. */
export const GRANTABLE_ROLES: Record<Role, readonly Role[]> = {
  platform_admin: ROLES,
  national_coordinator: ROLES.filter((r) => r !== 'platform_admin'),
  state_coordinator: [
    'state_coordinator',
    'sector_head',
    'zone_supervisor',
    'school_director',
    'teacher',
    'parent',
    'external_evaluator',
    'auditor',
  ],
  sector_head: ['zone_supervisor', 'school_director', 'teacher', 'parent'],
  zone_supervisor: ['school_director', 'teacher', 'parent'],
  school_director: ['teacher', 'parent'],
  teacher: [],
  parent: [],
  external_evaluator: [],
  auditor: [],
};

export const LOCALES = ['es', 'en'] as const;
export const Locale = z.enum(LOCALES);
export type Locale = z.infer<typeof Locale>;
