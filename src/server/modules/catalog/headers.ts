import { CATALOG_COLUMNS, type CatalogColumn } from '../../../contract/catalog.ts';

/** Header names as they appear in officials' files, normalised (see `normalizeHeader`). */
export const HEADER_ALIASES: Record<CatalogColumn, readonly string[]> = {
  cct: [
    'cct',
    'clave',
    'clave_cct',
    'cve_cct',
    'clave_centro_trabajo',
    'clave_de_centro_de_trabajo',
    'clavecct',
  ],
  nombre: [
    'nombre',
    'nombre_escuela',
    'nombre_de_la_escuela',
    'nombre_ct',
    'escuela',
    'nombre_del_centro_de_trabajo',
    'nombre_centro_trabajo',
    'nombre_del_plantel',
    'nombrect',
  ],
  turno: ['turno', 'nombre_turno', 'c_turno'],
  entidad: ['entidad', 'cve_ent', 'clave_entidad', 'entidad_federativa', 'estado', 'ent'],
  municipio: ['municipio', 'cve_mun', 'clave_municipio', 'mun'],
  nombre_municipio: [
    'nombre_municipio',
    'nom_mun',
    'municipio_nombre',
    'nombre_del_municipio',
    'nombre_mun',
    'desc_municipio',
  ],
  localidad: ['localidad', 'nom_loc', 'nombre_localidad', 'loc'],
  domicilio: ['domicilio', 'direccion', 'calle'],
  codigo_postal: ['codigo_postal', 'cp', 'c_p', 'codigopostal'],
  nivel: ['nivel', 'nivel_educativo'],
  servicio: ['servicio', 'tipo_servicio', 'modalidad', 'subnivel'],
  multigrado: ['multigrado', 'es_multigrado'],
  sostenimiento: ['sostenimiento', 'control', 'tipo_sostenimiento'],
  sector: ['sector', 'clave_sector', 'cve_sector', 'jefatura_sector', 'jefatura_de_sector'],
  zona: ['zona', 'zona_escolar', 'clave_zona', 'cve_zona', 'supervision'],
  ambito: ['ambito', 'urbano_rural', 'ambito_urbano_rural', 'tipo_localidad'],
  marginacion: ['marginacion', 'grado_marginacion', 'grado_de_marginacion', 'gm'],
  matricula: ['matricula', 'alumnos', 'total_alumnos', 'inscritos'],
  docentes: ['docentes', 'maestros', 'total_docentes', 'personal_docente'],
  latitud: ['latitud', 'lat', 'y'],
  longitud: ['longitud', 'lon', 'lng', 'long', 'x'],
};

export const REQUIRED_COLUMNS: readonly CatalogColumn[] = [
  'cct',
  'nombre',
  'entidad',
  'municipio',
  'nivel',
  'sector',
  'zona',
];

/** "Clave de Centro de Trabajo" → "clave_de_centro_de_trabajo"; accents and case do not matter. */
export function normalizeHeader(h: string): string {
  return h
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .trim()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}

const LOOKUP = new Map<string, CatalogColumn>(
  CATALOG_COLUMNS.flatMap((c) => HEADER_ALIASES[c].map((a) => [a, c] as const)),
);

export interface HeaderMatch {
  /** For each file column, the canonical column it fills (or null when ignored). */
  columns: (CatalogColumn | null)[];
  missing: CatalogColumn[];
  unknown: string[];
  /** Headers of a column another header already fills: ignored, and reported. */
  duplicated: { header: string; column: CatalogColumn }[];
}

/**
 * Headers that name a code outright, preferred over the column's plainer names: official files
 * often carry both "MUNICIPIO" (the name) and "CVE_MUN" (the INEGI code), and only the code fits.
 */
const CODE_HEADERS = new Set(['cve_mun', 'clave_municipio']);

export function matchHeaders(headers: readonly string[]): HeaderMatch {
  const at = new Map<CatalogColumn, number>();
  const duplicated: HeaderMatch['duplicated'] = [];
  const unknown: string[] = [];
  const columns: (CatalogColumn | null)[] = headers.map(() => null);
  headers.forEach((h, i) => {
    const c = LOOKUP.get(normalizeHeader(h)) ?? null;
    if (!c) {
      if (h.trim()) unknown.push(h);
      return;
    }
    const earlier = at.get(c);
    if (earlier === undefined) {
      at.set(c, i);
      columns[i] = c;
      return;
    }
    const earlierHeader = headers[earlier] as string;
    const code = CODE_HEADERS.has(normalizeHeader(h));
    const earlierCode = CODE_HEADERS.has(normalizeHeader(earlierHeader));
    if (!code || earlierCode) {
      // A plain MUNICIPIO after CVE_MUN is the name, as when it comes first (below).
      if (c === 'municipio' && earlierCode && !code && !at.has('nombre_municipio')) {
        at.set('nombre_municipio', i);
        columns[i] = 'nombre_municipio';
      } else duplicated.push({ header: h, column: c });
      return;
    }
    // The code wins. The plainer column beside it holds the municipality's name, as official files have it.
    at.set(c, i);
    columns[i] = c;
    if (c === 'municipio' && !at.has('nombre_municipio')) {
      at.set('nombre_municipio', earlier);
      columns[earlier] = 'nombre_municipio';
    } else {
      duplicated.push({ header: earlierHeader, column: c });
      columns[earlier] = null;
    }
  });
  return { columns, missing: REQUIRED_COLUMNS.filter((c) => !at.has(c)), unknown, duplicated };
}

/** The file's headers that fill nothing, as the report lists them: a repeated one says which column it repeats. */
export function ignoredHeaders(m: HeaderMatch): string[] {
  return [...m.unknown, ...m.duplicated.map((d) => `${d.header} (= ${d.column})`)];
}
