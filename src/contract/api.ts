import { z } from 'zod';
import { Locale, Permission, Role, UnitKind } from './roles.ts';

/** RFC 9457 problem details, as every API error is returned. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  code: z.string(),
  requestId: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  retryAfterSeconds: z.number().int().optional(),
  /** For a 409 on a shared document: what someone else changed, so the writer can merge. */
  conflicts: z
    .array(
      z.object({
        path: z.string(),
        theirs: z.unknown(),
        changedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
        changedAt: z.string().nullable(),
      }),
    )
    .optional(),
});
export type Problem = z.infer<typeof Problem>;

const Email = z.string().trim().toLowerCase().pipe(z.email().max(254));
export const Password = z.string().min(10).max(200);

export const UnitRef = z.object({ id: z.number().int(), kind: UnitKind, code: z.string(), name: z.string() });
export type UnitRef = z.infer<typeof UnitRef>;

export const RoleAssignment = z.object({
  id: z.string(),
  role: Role,
  unit: UnitRef,
  grantedAt: z.string(),
});
export type RoleAssignment = z.infer<typeof RoleAssignment>;

export const Me = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  locale: Locale,
  assignments: z.array(RoleAssignment),
  permissions: z.array(Permission),
  /** Seats on Alianza bodies: acting there follows seats, not roles. */
  seats: z.array(
    z.object({
      body: z.object({ id: z.number().int(), kind: z.string(), code: z.string(), name: z.string() }),
      side: z.enum(['sep', 'snte']),
      position: z.string(),
    }),
  ),
  csrfToken: z.string(),
});
export type Me = z.infer<typeof Me>;

export const LoginBody = z.strictObject({ email: Email, password: z.string().min(1).max(200) });
export const ChangePasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(200),
  newPassword: Password,
});
export const ResetRequestBody = z.strictObject({ email: Email });
export const ResetConfirmBody = z.strictObject({ token: z.string().min(20).max(200), password: Password });
export const UpdateMeBody = z.strictObject({
  locale: Locale.optional(),
  name: z.string().trim().min(1).max(200).optional(),
});

export const SessionInfo = z.object({
  id: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  current: z.boolean(),
});

export const Municipality = z.object({ id: z.number().int(), code: z.string(), name: z.string() });

export const OrgUnit = z.object({
  id: z.number().int(),
  kind: UnitKind,
  code: z.string(),
  name: z.string(),
  parentId: z.number().int().nullable(),
  active: z.boolean(),
  childCount: z.number().int(),
  municipality: Municipality.nullable(),
});
export type OrgUnit = z.infer<typeof OrgUnit>;

export const Person = z.object({
  userId: z.string(),
  name: z.string(),
  /** Shown only to those who may read users there. */
  email: z.string().nullable(),
  role: Role,
  assignmentId: z.string(),
});

/** A school's facts from the imported catalog (null for other units, or a school not yet in the catalog). */
export const SchoolFacts = z.object({
  shift: z.string().nullable(),
  locality: z.string().nullable(),
  address: z.string().nullable(),
  postalCode: z.string().nullable(),
  level: z.string().nullable(),
  service: z.string().nullable(),
  multigrade: z.boolean(),
  funding: z.string().nullable(),
  setting: z.string().nullable(),
  marginalization: z.string().nullable(),
  enrolment: z.number().nullable(),
  teachers: z.number().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
});

export const OrgUnitDetail = OrgUnit.extend({
  school: SchoolFacts.nullable(),
  ancestors: z.array(UnitRef),
  people: z.array(Person),
  counts: z.object({ sectors: z.number(), zones: z.number(), schools: z.number() }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type OrgUnitDetail = z.infer<typeof OrgUnitDetail>;

export const UnitListQuery = z.object({
  parentId: z.coerce.number().int().optional(),
  q: z.string().trim().max(100).optional(),
  kind: UnitKind.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export const UnitList = z.object({
  items: z.array(OrgUnit.extend({ path: z.array(UnitRef) })),
  total: z.number().int(),
});

export const UpdateUnitBody = z.strictObject({
  name: z.string().trim().min(2).max(200).optional(),
  active: z.boolean().optional(),
});
export const CreateUnitBody = z.strictObject({
  parentId: z.number().int(),
  kind: UnitKind.exclude(['nation']),
  code: z.string().trim().min(1).max(20),
  name: z.string().trim().min(2).max(200),
});

export const UserSummary = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  status: z.enum(['active', 'invited', 'disabled']),
  assignments: z.array(RoleAssignment),
  createdAt: z.string(),
});
export type UserSummary = z.infer<typeof UserSummary>;

export const UserListQuery = z.object({
  q: z.string().trim().max(100).optional(),
  unitId: z.coerce.number().int().optional(),
  role: Role.optional(),
  sort: z.enum(['name', 'email', 'createdAt']).default('name'),
  dir: z.enum(['asc', 'desc']).default('asc'),
  limit: z.coerce.number().int().min(1).max(200).default(25),
  offset: z.coerce.number().int().min(0).default(0),
});
export const UserList = z.object({ items: z.array(UserSummary), total: z.number().int() });

export const InviteBody = z.strictObject({
  email: Email,
  name: z.string().trim().min(2).max(200),
  role: Role,
  unitId: z.number().int(),
});
export const GrantBody = z.strictObject({ role: Role, unitId: z.number().int() });
export const SetStatusBody = z.strictObject({ status: z.enum(['active', 'disabled']) });

export const AuditEntry = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.object({ id: z.string(), name: z.string(), email: z.string() }).nullable(),
  actorRole: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  unit: UnitRef.nullable(),
  changes: z.record(z.string(), z.object({ before: z.unknown(), after: z.unknown() })),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditQuery = z.object({
  actor: z.string().trim().max(200).optional(),
  action: z.string().trim().max(100).optional(),
  entityType: z.string().trim().max(100).optional(),
  unitId: z.coerce.number().int().optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export const AuditList = z.object({ items: z.array(AuditEntry), total: z.number().int() });

export const OutboxMessage = z.object({
  id: z.string(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  transport: z.enum(['smtp', 'outbox']),
  error: z.string().nullable(),
  /** Names and types only; each file is downloaded from /api/outbox/:id/attachments/:index. */
  attachments: z.array(z.object({ filename: z.string(), contentType: z.string() })),
});
export const OutboxList = z.object({ items: z.array(OutboxMessage), total: z.number().int() });
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const Ok = z.object({ ok: z.literal(true) });
