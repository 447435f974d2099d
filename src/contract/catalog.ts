import { z } from 'zod';

/** The school catalog's canonical columns, in file order (Spanish names, as officials' files use). */
export const CATALOG_COLUMNS = [
  'cct',
  'nombre',
  'turno',
  'entidad',
  'municipio',
  'nombre_municipio',
  'localidad',
  'domicilio',
  'codigo_postal',
  'nivel',
  'servicio',
  'multigrado',
  'sostenimiento',
  'sector',
  'zona',
  'ambito',
  'marginacion',
  'matricula',
  'docentes',
  'latitud',
  'longitud',
] as const;
export type CatalogColumn = (typeof CATALOG_COLUMNS)[number];

export const SHIFTS = ['matutino', 'vespertino', 'nocturno', 'discontinuo', 'tiempo_completo'] as const;
/** Basic education as the programme takes it: inicial (CENDI) and especial (CAM) schools may take part too. */
export const LEVELS = ['inicial', 'preescolar', 'primaria', 'secundaria', 'especial'] as const;
export const SERVICES = ['general', 'indigena', 'comunitario', 'tecnica', 'telesecundaria'] as const;
export const FUNDING = ['federal', 'estatal', 'particular', 'autonomo'] as const;
export const SETTINGS = ['urbano', 'rural'] as const;
export const MARGINALIZATION = ['muy_alto', 'alto', 'medio', 'bajo', 'muy_bajo'] as const;

export const Level = z.enum(LEVELS);
export const Service = z.enum(SERVICES);
export const Marginalization = z.enum(MARGINALIZATION);

export const SchoolSearchQuery = z.object({
  q: z.string().trim().max(100).optional(),
  level: Level.optional(),
  marginalization: Marginalization.optional(),
  funding: z.string().trim().max(30).optional(),
  municipality: z.string().trim().max(100).optional(),
  locality: z.string().trim().max(100).optional(),
  zoneId: z.coerce.number().int().optional(),
  includeInactive: z.enum(['true', 'false']).optional(),
  sort: z.enum(['name', 'cct', 'enrolment', 'municipality']).default('name'),
  dir: z.enum(['asc', 'desc']).default('asc'),
  limit: z.coerce.number().int().min(1).max(200).default(25),
  offset: z.coerce.number().int().min(0).default(0),
});
export type SchoolSearchQuery = z.infer<typeof SchoolSearchQuery>;

export const SchoolSummary = z.object({
  id: z.number().int(),
  cct: z.string(),
  name: z.string(),
  active: z.boolean(),
  level: z.string().nullable(),
  service: z.string().nullable(),
  funding: z.string().nullable(),
  marginalization: z.string().nullable(),
  setting: z.string().nullable(),
  enrolment: z.number().int().nullable(),
  municipality: z.string().nullable(),
  locality: z.string().nullable(),
  zone: z.object({ id: z.number().int(), code: z.string(), name: z.string() }).nullable(),
  state: z.object({ code: z.string(), name: z.string() }).nullable(),
});
export type SchoolSummary = z.infer<typeof SchoolSummary>;
/** `more`: there are more matches than `total` counts (counting stops at 10,000). */
export const SchoolList = z.object({
  items: z.array(SchoolSummary),
  total: z.number().int(),
  more: z.boolean(),
});

export const IMPORT_STATUSES = ['checking', 'dry_run', 'rejected', 'applying', 'applied', 'failed'] as const;

export const ImportCounts = z.object({
  rows: z.number().int(),
  add: z.number().int(),
  update: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.number().int(),
  disappeared: z.number().int(),
});

export const ImportRejection = z.object({
  line: z.number().int(),
  cct: z.string(),
  reasons: z.array(z.string()),
});

/** A catalog import as the UI follows it: status, live progress while a job runs, the report when done. */
export const ImportSummary = z.object({
  id: z.uuid(),
  status: z.enum(IMPORT_STATUSES),
  fileName: z.string(),
  format: z.enum(['csv', 'xlsx']),
  encoding: z.string().nullable(),
  counts: ImportCounts.partial(),
  missingColumns: z.array(z.string()),
  ignoredColumns: z.array(z.string()),
  allowedStates: z.array(z.string()).nullable(),
  /** Why the file could not be read at all; `error` is the technical detail. */
  errorCode: z
    .enum([
      'empty',
      'no_rows',
      'no_header_match',
      'too_many_columns',
      'malformed',
      'staged_rows_lost',
      'interrupted',
    ])
    .nullable(),
  error: z.string().nullable(),
  createdBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  createdAt: z.string(),
  appliedAt: z.string().nullable(),
  /** Present while a job works on the import. */
  job: z
    .object({
      status: z.enum(['queued', 'running', 'succeeded', 'failed']),
      phase: z.string().nullable(),
      done: z.number().nullable(),
      total: z.number().nullable(),
      error: z.string().nullable(),
    })
    .nullable(),
});
export type ImportSummary = z.infer<typeof ImportSummary>;

export const ImportDetail = ImportSummary.extend({
  rejections: z.array(ImportRejection),
  rejectionsTotal: z.number().int(),
  /** The first schools (by CCT) the import makes inactive, or made: the report lists them all. */
  gone: z.array(z.object({ id: z.number().int(), cct: z.string(), name: z.string() })),
  /** Before it is applied: the first municipalities it would rename ("state-code", INEGI); a first name given to a placeholder is not listed. */
  renames: z.array(z.object({ key: z.string(), before: z.string(), after: z.string() })),
});
export type ImportDetail = z.infer<typeof ImportDetail>;

export const ImportList = z.object({ items: z.array(ImportSummary), total: z.number().int() });
export const ImportListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});
export const ImportDetailQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export const UploadQuery = z.object({ fileName: z.string().trim().min(1).max(200) });

export const SchoolHistoryEntry = z.object({
  id: z.number().int(),
  change: z.enum(['added', 'updated', 'deactivated']),
  changes: z.record(z.string(), z.object({ before: z.unknown(), after: z.unknown() })),
  at: z.string(),
  importId: z.uuid().nullable(),
  fileName: z.string().nullable(),
  by: z.string().nullable(),
});
export const SchoolHistory = z.object({ items: z.array(SchoolHistoryEntry), total: z.number().int() });
export type SchoolHistory = z.infer<typeof SchoolHistory>;
