import { z } from 'zod';

/** The Alianza por la Calidad de la Educación: bodies, seats, metas and the document chain. */

export const BODY_KINDS = ['commission', 'secretariat', 'eje', 'mesa'] as const;
export const BodyKind = z.enum(BODY_KINDS);
export const SIDES = ['sep', 'snte'] as const;
export const Side = z.enum(SIDES);
export const SEAT_POSITIONS = ['coordinator', 'technical_secretary', 'member', 'minute_taker'] as const;
export const SeatPosition = z.enum(SEAT_POSITIONS);
export const DOCUMENT_KINDS = ['plan', 'proposal', 'mechanism', 'strategy', 'line_of_action'] as const;
export const DocumentKind = z.enum(DOCUMENT_KINDS);
export const OUTCOMES = [
  'approved',
  'approved_with_observations',
  'returned',
  'rejected',
  'deferred',
] as const;
export const Outcome = z.enum(OUTCOMES);
export const POSITIONS = ['agree', 'disagree', 'abstain'] as const;
export const SidePosition = z.enum(POSITIONS);

const DateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const Text = (max: number) => z.string().trim().min(1).max(max);

export const BodyRef = z.object({ id: z.number().int(), kind: BodyKind, code: z.string(), name: z.string() });
export type BodyRef = z.infer<typeof BodyRef>;
export const PersonRef = z.object({ id: z.string(), name: z.string() });

export const ParityInfo = z.object({
  sep: z.number().int(),
  snte: z.number().int(),
  ok: z.boolean(),
  problem: z.enum(['unequal', 'too_few', 'too_many']).nullable(),
});

export const Seat = z.object({
  id: z.string(),
  person: PersonRef.extend({ email: z.string() }),
  side: Side,
  position: SeatPosition,
  designatedOn: z.string(),
  endsOn: z.string().nullable(),
  active: z.boolean(),
});

export const TimelineEvent = z.object({
  seq: z.number().int(),
  action: z.string(),
  fromState: z.string().nullable(),
  toState: z.string(),
  actor: PersonRef.nullable(),
  /** The seat acted under: body code, position and side; or a platform role. */
  actingAs: z.object({ bodyCode: z.string(), position: z.string(), side: z.string() }).nullable(),
  comment: z.string().nullable(),
  at: z.string(),
});

export const WorkflowInfo = z.object({
  itemId: z.string(),
  state: z.string(),
  version: z.number().int(),
  /** Actions this user may take now (the server checks again). */
  actions: z.array(z.string()),
  timeline: z.array(TimelineEvent),
});

export const MetaInfo = z.object({
  id: z.number().int(),
  bodyId: z.number().int(),
  objectiveId: z.number().int().nullable(),
  title: z.string(),
  indicator: z.string().nullable(),
  unit: z.string().nullable(),
  baseline: z.number().nullable(),
  target: z.number().nullable(),
  dueOn: z.string().nullable(),
  responsible: z.string().nullable(),
  normativeAnchor: z.string().nullable(),
  status: z.enum(['draft', 'approved', 'retired']),
  missing: z.array(z.string()),
  latest: z
    .object({ period: z.string(), value: z.number(), percent: z.number().nullable(), reportedAt: z.string() })
    .nullable(),
});
export type MetaInfo = z.infer<typeof MetaInfo>;

export const ProgressEntry = z.object({
  id: z.number().int(),
  period: z.string(),
  value: z.number(),
  percent: z.number().nullable(),
  narrative: z.string(),
  evidence: z.string(),
  reportedBy: PersonRef.nullable(),
  reportedAt: z.string(),
});

export const DocumentSummary = z.object({
  id: z.string(),
  kind: DocumentKind,
  title: z.string(),
  state: z.string(),
  body: BodyRef,
  versions: z.number().int(),
  updatedAt: z.string(),
});

export const TaskSummary = z.object({
  id: z.string(),
  title: z.string(),
  body: BodyRef,
  state: z.string(),
  source: z.enum(['minutes', 'observation']),
  responsible: PersonRef.nullable(),
  dueOn: z.string(),
  overdue: z.boolean(),
  evidence: z.string(),
  resolutionNumber: z.string().nullable(),
  /** Where it came from: the resolution whose observation raised it, or the session whose minutes agreed it. */
  resolutionId: z.string().nullable(),
  meetingId: z.string().nullable(),
});

export const MeetingSummary = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.enum(['ordinary', 'extraordinary', 'plenary']),
  body: BodyRef,
  startsAt: z.string(),
  endsAt: z.string(),
  state: z.string(),
});

export const DeliverableInfo = z.object({
  id: z.number().int(),
  title: z.string(),
  dueOn: z.string(),
  documentId: z.string().nullable(),
  fulfilled: z.boolean(),
  overdue: z.boolean(),
});

export const ResolutionSummary = z.object({
  id: z.string(),
  number: z.string(),
  title: z.string(),
  body: BodyRef,
  state: z.string(),
  published: z.boolean(),
  issuedAt: z.string(),
  supersedes: z.object({ id: z.string(), number: z.string() }).nullable(),
});

export const SynthesisSummary = z.object({
  id: z.string(),
  title: z.string(),
  body: BodyRef,
  state: z.string(),
  updatedAt: z.string(),
});

/** Roll-up for an acuerdo (mesa), an eje or the whole Alianza. */
export const Rollup = z.object({
  metas: z.number().int(),
  metasApproved: z.number().int(),
  /** Mean % toward target over approved metas with a report; null when none reported. */
  progress: z.number().nullable(),
  openTasks: z.number().int(),
  overdueTasks: z.number().int(),
  overdueDeliverables: z.number().int(),
  /** Items waiting on this body (documents to validate, syntheses to send, decisions…). */
  awaiting: z.number().int(),
});
export type Rollup = z.infer<typeof Rollup>;

export const BodyNode = BodyRef.extend({
  acuerdo: z.string().nullable(),
  parity: ParityInfo,
  rollup: Rollup,
  retired: z.boolean(),
  status: z.enum(['on_track', 'at_risk', 'no_data']),
});

export const Overview = z.object({
  commission: BodyNode,
  secretariat: BodyNode.nullable(),
  ejes: z.array(BodyNode.extend({ mesas: z.array(BodyNode) })),
  rollup: Rollup,
  /** What the signed-in person may do across the Alianza, for the UI to offer it. */
  me: z.object({
    seats: z.array(z.object({ body: BodyRef, side: Side, position: SeatPosition })),
    readsAll: z.boolean(),
    canEditStructure: z.boolean(),
    canManageSeats: z.boolean(),
  }),
});
export type Overview = z.infer<typeof Overview>;

export const BodyDetail = BodyNode.extend({
  description: z.string(),
  parent: BodyRef.nullable(),
  children: z.array(BodyNode),
  seats: z.array(Seat),
  objectives: z.array(z.object({ id: z.number().int(), text: z.string() })),
  metas: z.array(MetaInfo),
  deliverables: z.array(DeliverableInfo),
  documents: z.array(DocumentSummary),
  syntheses: z.array(SynthesisSummary),
  meetings: z.array(MeetingSummary),
  tasks: z.array(TaskSummary),
  resolutions: z.array(ResolutionSummary),
  following: z.boolean(),
  can: z.object({
    edit: z.boolean(),
    manageSeats: z.boolean(),
    draft: z.boolean(),
    editMetas: z.boolean(),
    approveMetas: z.boolean(),
    reportProgress: z.boolean(),
    convene: z.boolean(),
    setDeliverables: z.boolean(),
    writeSynthesis: z.boolean(),
  }),
});
export type BodyDetail = z.infer<typeof BodyDetail>;

export const CreateBodyBody = z.strictObject({
  parentId: z.number().int().positive(),
  kind: z.enum(['eje', 'mesa']),
  code: Text(20),
  name: Text(300),
  acuerdo: z.string().trim().max(2000).optional(),
  description: z.string().trim().max(5000).optional(),
});
export const UpdateBodyBody = z.strictObject({
  name: Text(300).optional(),
  acuerdo: z.string().trim().max(2000).optional(),
  description: z.string().trim().max(5000).optional(),
  retired: z.boolean().optional(),
});

export const CreateSeatBody = z.strictObject({
  email: z.string().trim().toLowerCase().email().max(254),
  name: Text(200).optional(),
  side: Side,
  position: SeatPosition,
  designatedOn: DateOnly,
  endsOn: DateOnly.nullable().optional(),
});
export const UpdateSeatBody = z.strictObject({ endsOn: DateOnly.nullable() });

export const CreateObjectiveBody = z.strictObject({ text: Text(2000) });
export const UpdateObjectiveBody = z.strictObject({
  text: Text(2000).optional(),
  retired: z.boolean().optional(),
});

export const MetaInput = z.strictObject({
  title: Text(500),
  objectiveId: z.number().int().positive().nullable().optional(),
  indicator: z.string().trim().max(500).nullable().optional(),
  unit: z.string().trim().max(100).nullable().optional(),
  baseline: z.number().finite().nullable().optional(),
  target: z.number().finite().nullable().optional(),
  dueOn: DateOnly.nullable().optional(),
  responsible: z.string().trim().max(300).nullable().optional(),
  normativeAnchor: z.string().trim().max(1000).nullable().optional(),
});
export const ProgressInput = z.strictObject({
  period: z.string().regex(/^\d{4}-(T[1-4]|S[12]|\d{2})$/, 'YYYY-T1…T4, YYYY-S1/S2 or YYYY-MM'),
  value: z.number().finite(),
  narrative: z.string().trim().max(5000).default(''),
  evidence: z.string().trim().max(2000).default(''),
});

export const CreateDeliverableBody = z.strictObject({ title: Text(300), dueOn: DateOnly });

export const CreateDocumentBody = z.strictObject({
  kind: DocumentKind,
  title: Text(300),
  body: Text(100_000),
  deliverableId: z.number().int().positive().nullable().optional(),
});
export const NewVersionBody = z.strictObject({
  title: Text(300),
  body: Text(100_000),
  note: z.string().trim().max(2000).default(''),
});
export const ActionBody = z.strictObject({
  comment: z.string().trim().max(10_000).optional(),
  expectedVersion: z.number().int().positive().optional(),
});

export const DocumentVersion = z.object({
  number: z.number().int(),
  title: z.string(),
  body: z.string(),
  note: z.string(),
  author: PersonRef.nullable(),
  createdAt: z.string(),
});

export const DocumentDetail = DocumentSummary.extend({
  deliverable: DeliverableInfo.nullable(),
  versionList: z.array(DocumentVersion),
  workflow: WorkflowInfo,
  canEdit: z.boolean(),
  /** Syntheses that bundle this document. */
  syntheses: z.array(SynthesisSummary),
});

export const CreateSynthesisBody = z.strictObject({
  title: Text(300),
  summary: Text(50_000),
  recommendations: Text(50_000),
  documentIds: z.array(z.string().uuid()).min(1).max(50),
});

/** Revising a returned synthesis before sending it again: its text and, optionally, its documents. */
export const ReviseSynthesisBody = z.strictObject({
  title: Text(300),
  summary: Text(50_000),
  recommendations: Text(50_000),
  documentIds: z.array(z.string().uuid()).min(1).max(50).optional(),
  expectedVersion: z.number().int().positive().optional(),
});

export const ScheduleBody = z.strictObject({
  meetingId: z.string().uuid(),
  expectedVersion: z.number().int().positive().optional(),
});

export const DecisionBody = z.strictObject({
  outcome: Outcome,
  sepPosition: SidePosition,
  sntePosition: SidePosition,
  reasons: Text(10_000),
  observations: z
    .array(z.strictObject({ bodyId: z.number().int().positive(), text: Text(2000) }))
    .max(50)
    .default([]),
  publish: z.boolean().default(false),
  resolutionTitle: z.string().trim().max(300).optional(),
  resolutionText: z.string().trim().max(50_000).optional(),
  supersedesResolutionId: z.string().uuid().optional(),
  /** The synthesis version the commission was looking at: a stale view is refused. */
  expectedVersion: z.number().int().positive().optional(),
});

export const DecisionInfo = z.object({
  id: z.string(),
  outcome: Outcome,
  method: z.literal('consensus'),
  sepPosition: SidePosition,
  sntePosition: SidePosition,
  reasons: z.string(),
  present: z.array(z.object({ userId: z.string(), name: z.string(), side: Side })),
  meeting: z.object({ id: z.string(), title: z.string(), startsAt: z.string() }),
  decidedAt: z.string(),
});

export const SynthesisDetail = SynthesisSummary.extend({
  summary: z.string(),
  recommendations: z.string(),
  documents: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      kind: DocumentKind,
      body: BodyRef,
      versionNumber: z.number().int(),
    }),
  ),
  meeting: z
    .object({ id: z.string(), title: z.string(), startsAt: z.string(), state: z.string() })
    .nullable(),
  decisions: z.array(DecisionInfo),
  resolution: ResolutionSummary.nullable(),
  workflow: WorkflowInfo,
});

export const ResolutionDetail = ResolutionSummary.extend({
  text: z.string(),
  decision: DecisionInfo,
  synthesis: SynthesisSummary,
  documents: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      kind: DocumentKind,
      body: BodyRef,
      versionNumber: z.number().int(),
    }),
  ),
  observations: z.array(
    z.object({ id: z.number().int(), body: BodyRef, text: z.string(), task: TaskSummary.nullable() }),
  ),
  /** Metas of the mesas whose documents led here: where the resolution's effect is measured. */
  metas: z.array(MetaInfo),
  supersededBy: z.array(z.object({ id: z.string(), number: z.string() })),
  workflow: WorkflowInfo,
});

export const ConveneBody = z.strictObject({
  kind: z.enum(['ordinary', 'extraordinary', 'plenary']),
  title: Text(300),
  startsAt: z.string().datetime({ offset: true }),
  endsAt: z.string().datetime({ offset: true }),
  place: z.string().trim().max(300).default(''),
  link: z.string().trim().url().max(500).or(z.literal('')).default(''),
  agenda: z.array(Text(500)).min(1).max(30),
});

export const AttendanceBody = z.strictObject({
  present: z.array(z.string().uuid()).max(200),
  expectedVersion: z.number().int().positive().optional(),
});

export const MinutesBody = z.strictObject({ minutes: z.string().trim().max(100_000) });

export const ApproveMinutesBody = z.strictObject({
  minutes: Text(100_000),
  tasks: z
    .array(z.strictObject({ title: Text(500), responsibleId: z.string().uuid(), dueOn: DateOnly }))
    .max(100)
    .default([]),
  expectedVersion: z.number().int().positive().optional(),
});

export const MeetingDetail = MeetingSummary.extend({
  place: z.string(),
  link: z.string(),
  minutes: z.string(),
  agenda: z.array(
    z.object({ position: z.number().int(), title: z.string(), synthesis: SynthesisSummary.nullable() }),
  ),
  attendance: z.array(z.object({ person: PersonRef, side: Side, present: z.boolean().nullable() })),
  quorum: z.object({ sep: z.number().int(), snte: z.number().int(), ok: z.boolean() }),
  parity: ParityInfo,
  tasks: z.array(TaskSummary),
  decisions: z.array(DecisionInfo.extend({ synthesisId: z.string() })),
  workflow: WorkflowInfo,
  can: z.object({ manage: z.boolean(), decide: z.boolean() }),
});

export const TaskDetail = TaskSummary.extend({ workflow: WorkflowInfo, canAct: z.boolean() });

export const InboxItem = z.object({
  kind: z.enum(['document', 'synthesis', 'resolution', 'meeting', 'task', 'deliverable']),
  id: z.string(),
  title: z.string(),
  state: z.string(),
  body: BodyRef,
  dueOn: z.string().nullable(),
  overdue: z.boolean(),
  updatedAt: z.string(),
});
export const Inbox = z.object({ items: z.array(InboxItem) });

export const PublicAlliance = z.object({
  ejes: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      progress: z.number().nullable(),
      acuerdos: z.array(
        z.object({
          id: z.number().int(),
          code: z.string(),
          name: z.string(),
          acuerdo: z.string().nullable(),
          progress: z.number().nullable(),
          metas: z.array(
            MetaInfo.pick({
              id: true,
              title: true,
              indicator: true,
              unit: true,
              baseline: true,
              target: true,
              dueOn: true,
              responsible: true,
              normativeAnchor: true,
              latest: true,
            }),
          ),
        }),
      ),
    }),
  ),
  resolutions: z.array(
    z.object({
      id: z.string(),
      number: z.string(),
      title: z.string(),
      text: z.string(),
      issuedAt: z.string(),
      eje: z.string(),
    }),
  ),
});
export type Inbox = z.infer<typeof Inbox>;
export type InboxItem = z.infer<typeof InboxItem>;
export type PublicAlliance = z.infer<typeof PublicAlliance>;
export type MeetingDetail = z.infer<typeof MeetingDetail>;
export type DocumentDetail = z.infer<typeof DocumentDetail>;
export type SynthesisDetail = z.infer<typeof SynthesisDetail>;
export type ResolutionDetail = z.infer<typeof ResolutionDetail>;
export type TaskDetail = z.infer<typeof TaskDetail>;
export type MeetingSummary = z.infer<typeof MeetingSummary>;
export type DocumentSummary = z.infer<typeof DocumentSummary>;
export type TaskSummary = z.infer<typeof TaskSummary>;
export type ResolutionSummary = z.infer<typeof ResolutionSummary>;
export type SynthesisSummary = z.infer<typeof SynthesisSummary>;
export type DecisionInfo = z.infer<typeof DecisionInfo>;
export type ProgressEntry = z.infer<typeof ProgressEntry>;
export type Seat = z.infer<typeof Seat>;
export type DeliverableInfo = z.infer<typeof DeliverableInfo>;
export type WorkflowInfo = z.infer<typeof WorkflowInfo>;
export type TimelineEvent = z.infer<typeof TimelineEvent>;
export type BodyNode = z.infer<typeof BodyNode>;
export type ParityInfo = z.infer<typeof ParityInfo>;
