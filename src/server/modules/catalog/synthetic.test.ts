import { describe, expect, it } from 'vitest';
import { cctProblem } from './cct.ts';
import { csvField } from './csv.ts';
import { allocateByState, syntheticCatalog } from './synthetic.ts';
import { SCHOOL_TYPES } from './synthetic-data.ts';

describe('synthetic catalog', () => {
  const rows = [...syntheticCatalog(20_000, 7)];

  it('is deterministic for a seed and different for another', () => {
    expect([...syntheticCatalog(500, 7)]).toEqual([...syntheticCatalog(500, 7)]);
    expect([...syntheticCatalog(500, 8)]).not.toEqual([...syntheticCatalog(500, 7)]);
  });

  it('makes exactly n schools with unique, well-formed CCTs consistent with state and service', () => {
    expect(rows).toHaveLength(20_000);
    expect(new Set(rows.map((r) => r.cct)).size).toBe(rows.length);
    const codeOf = new Map(SCHOOL_TYPES.map((t) => [`${t.level}/${t.service}`, t.code]));
    for (const r of rows) {
      expect(cctProblem(r.cct, r.entidad)).toBeNull();
      expect(r.cct.slice(3, 5)).toBe(codeOf.get(`${r.nivel}/${r.servicio}`));
      expect(Number(r.latitud)).toBeGreaterThan(14);
      expect(Number(r.latitud)).toBeLessThan(33);
      expect(Number(r.longitud)).toBeGreaterThan(-119);
      expect(Number(r.longitud)).toBeLessThan(-86);
    }
  });

  it('spreads schools over all 32 states by weight, and mixes urban/rural and marginalization', () => {
    const byState = allocateByState(250_000);
    expect(byState.size).toBe(32);
    expect([...byState.values()].reduce((a, b) => a + b, 0)).toBe(250_000);
    expect(byState.get('30')).toBeGreaterThan(byState.get('06') ?? 0);
    const rural = rows.filter((r) => r.ambito === 'rural').length / rows.length;
    expect(rural).toBeGreaterThan(0.3);
    expect(rural).toBeLessThan(0.8);
    expect(new Set(rows.map((r) => r.marginacion)).size).toBe(5);
    expect(rows.some((r) => r.multigrado === 'si')).toBe(true);
  });

  it('keeps CCTs unique past 9,999 schools of one kind in one state', () => {
    const big = [...syntheticCatalog(400_000, 1)].filter((r) => r.entidad === '30');
    expect(new Set(big.map((r) => r.cct)).size).toBe(big.length);
    for (const r of big.slice(0, 2000)) expect(cctProblem(r.cct, '30')).toBeNull();
  });
});

describe('CSV fields', () => {
  it('quotes what needs quoting and neutralises formulas', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('dice "hola"')).toBe('"dice ""hola"""');
    expect(csvField('=CMD("calc")')).toBe(`"'=CMD(""calc"")"`);
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('-102.5')).toBe('-102.5');
  });
});
