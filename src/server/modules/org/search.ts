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

/** Escapes LIKE wildcards in user input. */
export function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export const CHILD_KIND = { nation: 'state', state: 'sector', sector: 'zone', zone: 'school' } as const;

export function pathIds(path: string): number[] {
  return path.split('/').filter(Boolean).map(Number);
}
