import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOG_COLUMNS } from '../../../contract/catalog.ts';
import { HEADER_ALIASES, ignoredHeaders, matchHeaders, REQUIRED_COLUMNS } from './headers.ts';

describe('catalog headers', () => {
  it('the README documents every column with exactly its aliases', () => {
    const readme = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');
    const section =
      readme.split('### Catálogo de escuelas: formato del archivo')[1]?.split(/\n#{2,3} /)[0] ?? '';
    for (const c of CATALOG_COLUMNS) {
      const line = section.split('\n').find((l) => l.startsWith(`- \`${c}\``));
      expect(line, c).toBeDefined();
      const [head, aliases] = (line as string).slice(2).split(': ');
      expect(head).toBe(`\`${c}\`${REQUIRED_COLUMNS.includes(c) ? ' (required)' : ''}`);
      expect(
        (aliases ?? '').split(',').map((a) => a.trim().replaceAll('`', '')),
        c,
      ).toEqual(HEADER_ALIASES[c].filter((a) => a !== c));
    }
  });

  it('every alias leads to its column', () => {
    for (const c of CATALOG_COLUMNS)
      for (const a of HEADER_ALIASES[c]) expect(matchHeaders([a.toUpperCase()]).columns, a).toEqual([c]);
  });

  it('reports a repeated column, and prefers the INEGI code to the name of the municipality', () => {
    const m = matchHeaders(['Municipio', 'CCT', 'CVE_MUN', 'Clave', 'Mun']);
    // The municipality's name column beside its code is read as the name.
    expect(m.columns).toEqual(['nombre_municipio', 'cct', 'municipio', null, null]);
    expect(m.duplicated).toEqual([
      { header: 'Clave', column: 'cct' },
      { header: 'Mun', column: 'municipio' },
    ]);
    expect(ignoredHeaders({ ...m, unknown: ['Otra'] })).toEqual([
      'Otra',
      'Clave (= cct)',
      'Mun (= municipio)',
    ]);
    // Whichever comes first.
    expect(matchHeaders(['CVE_MUN', 'CCT', 'MUNICIPIO']).columns).toEqual([
      'municipio',
      'cct',
      'nombre_municipio',
    ]);
    const named = matchHeaders(['Municipio', 'Nom_Mun', 'CVE_MUN']);
    expect(named.columns).toEqual([null, 'nombre_municipio', 'municipio']);
    expect(named.duplicated).toEqual([{ header: 'Municipio', column: 'municipio' }]);
  });
});
