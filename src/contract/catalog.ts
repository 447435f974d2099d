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
