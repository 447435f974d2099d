import { z } from 'zod';
import { PriorityCriterion } from './rules.ts';

/**
 * Escuelas de Calidad enrollment: the state's call (convocatoria), school registration with its
 * automatic eligibility check and priority score, and the state committee's selection. Amounts are
 * integer centavos; dates YYYY-MM-DD (America/Mexico_City). API under /api/pec.
 */

const DateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const Centavos = z.number().int().nonnegative().max(1e15);
const UnitRef = z.object({ id: z.number().int(), code: z.string(), name: z.string() });

export const CALL_KINDS = ['ordinary', 'extraordinary'] as const;
export const CallKind = z.enum(CALL_KINDS);

export const CreateCallBody = z.strictObject({
  kind: CallKind.default('ordinary'),
  title: z.string().trim().min(1).max(300),
  text: z.string().trim().min(1).max(50_000),
  budget: Centavos,
});
/** Only a draft call changes; a published one is fixed. */
export const UpdateCallBody = CreateCallBody.omit({ kind: true }).partial();

export const CallInfo = z.object({
  id: z.number().int(),
  cycleId: z.number().int(),
  state: UnitRef,
  kind: CallKind,
  title: z.string(),
  text: z.string(),
  budget: Centavos,
  status: z.enum(['draft', 'published']),
  publishedAt: z.string().nullable(),
  createdAt: z.string(),
  can: z.object({ manage: z.boolean() }),
});
export type CallInfo = z.infer<typeof CallInfo>;

/** The commitment letter (carta compromiso); an incomplete one may be saved and is explained. */
export const Commitment = z.strictObject({
  directorName: z.string().trim().max(200).default(''),
  cepsPresidentName: z.string().trim().max(200).default(''),
  /** When the Consejo Técnico Escolar endorsed it. */
  cteEndorsedOn: z.union([DateOnly, z.literal('')]).default(''),
  signedOn: z.union([DateOnly, z.literal('')]).default(''),
  /** The RFC invoices are issued to (the school's or its parents' association's), where the rules require one. */
  schoolRfc: z
    .union([
      z
        .string()
        .trim()
        .toUpperCase()
        .regex(/^[A-ZÑ&]{3,4}\d{6}[A-Z0-9]{3}$/, 'RFC'),
      z.literal(''),
    ])
    .default(''),
});
export type Commitment = z.infer<typeof Commitment>;

export const RegisterBody = z.strictObject({
  schoolUnitId: z.number().int().positive(),
  commitment: Commitment,
});
export const UpdateRegistrationBody = z.strictObject({ commitment: Commitment });

/** One eligibility criterion: `level`, `service`, `funding`, `active`, `cycles`, `commitment`, `document:<code>`. */
export const EligibilityCheck = z.object({
  criterion: z.string(),
  met: z.boolean(),
  /** The explanation in the reader's language. */
  message: z.string(),
});

export const PriorityItem = z.object({
  criterion: PriorityCriterion,
  label: z.string(),
  met: z.boolean(),
  /** The weight it gave (0 when not met). */
  points: z.number().int(),
});

export const RegistrationDocument = z.object({
  code: z.string(),
  name: z.string(),
  required: z.boolean(),
  file: z.object({ id: z.string(), name: z.string() }).nullable(),
});

export const SELECTIONS = ['selected', 'not_selected'] as const;

export const RegistrationSummary = z.object({
  id: z.uuid(),
  cycleId: z.number().int(),
  callId: z.number().int(),
  school: z.object({
    id: z.number().int(),
    cct: z.string(),
    name: z.string(),
    municipality: z.string().nullable(),
  }),
  state: UnitRef,
  status: z.enum(['registered', 'withdrawn']),
  priorCycles: z.number().int(),
  eligible: z.boolean(),
  /** Beyond the rules' maximum cycles: only under the extra conditions (the committee decides). */
  requiresExtraConditions: z.boolean(),
  score: z.number().int(),
  grantCap: Centavos.nullable(),
  /** The published result; null until the state publishes its selection. */
  selection: z.enum(SELECTIONS).nullable(),
  registeredAt: z.string(),
  updatedAt: z.string(),
});

export const RegistrationDetail = RegistrationSummary.extend({
  commitment: Commitment,
  checks: z.array(EligibilityCheck),
  priority: z.array(PriorityItem),
  documents: z.array(RegistrationDocument),
  registrationCloses: z.string(),
  can: z.object({ edit: z.boolean() }),
});
export type RegistrationSummary = z.infer<typeof RegistrationSummary>;
export type RegistrationDetail = z.infer<typeof RegistrationDetail>;

export const RegistrationListQuery = z.object({
  /** Only the registrations under this unit (a state, sector, zone or school). */
  unitId: z.coerce.number().int().positive().optional(),
  status: z.enum(['registered', 'withdrawn']).optional(),
});

/** Document uploads: raw body (PDF, JPEG or PNG, by content), at most this size. */
export const DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;
export const DOCUMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export const UploadDocumentQuery = z.object({ fileName: z.string().trim().min(1).max(200).optional() });

export const SelectionRow = z.object({
  rank: z.number().int(),
  registration: RegistrationSummary,
  marginalization: z.string().nullable(),
  enrolment: z.number().int().nullable(),
  /** Chosen by the committee (provisional until published; then the result). */
  chosen: z.boolean(),
  /** Sum of the grant caps of the chosen schools down to this row. */
  runningTotal: Centavos,
});

export const SelectionView = z.object({
  cycleId: z.number().int(),
  state: UnitRef,
  /** The published calls' budgets together. */
  budget: Centavos,
  committed: Centavos,
  remaining: z.number().int(),
  /** Eligible registrations (and those needing the extra conditions), in order. */
  ranked: z.array(SelectionRow),
  published: z
    .object({
      at: z.string(),
      by: z.object({ id: z.string(), name: z.string() }).nullable(),
      selectedCount: z.number().int(),
      committed: Centavos,
      minutes: z.string(),
    })
    .nullable(),
  selectionPublishes: z.string(),
  can: z.object({ decide: z.boolean() }),
});
export type SelectionView = z.infer<typeof SelectionView>;

export const ChooseBody = z.strictObject({
  registrationIds: z.array(z.uuid()).min(1).max(1000),
  selected: z.boolean(),
});
export const PublishSelectionBody = z.strictObject({ minutes: z.string().trim().max(20_000).default('') });

export const PublicSelectedQuery = z.object({
  state: z
    .string()
    .regex(/^\d{2}$/)
    .optional(),
});
export const PublicSelectedSchool = z.object({
  cct: z.string(),
  name: z.string(),
  municipality: z.string().nullable(),
  state: z.object({ code: z.string(), name: z.string() }),
  grantCap: Centavos,
});
export type PublicSelectedSchool = z.infer<typeof PublicSelectedSchool>;
