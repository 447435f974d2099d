import { z } from 'zod';

/** The school catalog's canonical columns, in file order (Spanish names, as officials' files use). */
export const CATALOG_COLUMNS = [
  'cct',
  'nombre',
  'turno',
  'entidad',
  'municipio',
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
export const LEVELS = ['preescolar', 'primaria', 'secundaria'] as const;
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
export const SchoolList = z.object({ items: z.array(SchoolSummary), total: z.number().int() });
