import { type SQL, sql } from 'drizzle-orm';
/** Lower-case, accents removed: "Juárez" and "juarez" match alike. */
export function searchKey(...parts: (string | null | undefined)[]): string {
  return parts
    .filter(Boolean)
    .join(' ')
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .trim();
}

/** `searchKey` in SQL, for short lists compared whole (municipality names): case and accents aside. */
export const accentFree = (text: SQL) => sql`lower(translate(${text}, 'áéíóúüñÁÉÍÓÚÜÑ', 'aeiouunAEIOUUN'))`;

/** Escapes LIKE wildcards in user input. */
export function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export const CHILD_KIND = { nation: 'state', state: 'sector', sector: 'zone', zone: 'school' } as const;

export function pathIds(path: string): number[] {
  return path.split('/').filter(Boolean).map(Number);
}
