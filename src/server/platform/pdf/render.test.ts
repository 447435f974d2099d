import { describe, expect, it } from 'vitest';
import { pdfText } from '../../../../tests/support/pdf-text.ts';
import { type PdfDocumentModel, pageLabel, pdfDefinition, renderPdf } from './render.ts';

const pageCount = (pdf: Buffer) => pdf.toString('latin1').match(/\/Type \/Page\b/g)?.length ?? 0;

const small: PdfDocumentModel = {
  title: 'Acta de la sesión: Comisión Rectora',
  subtitle: 'Alianza por la Calidad de la Educación',
  meta: [
    ['Fecha', '24 de noviembre de 2026'],
    ['Lugar', 'Ciudad de México'],
  ],
  sections: [
    {
      heading: 'Acuerdos',
      paragraphs: ['Se aprobó por consenso la resolución; ¿quién da seguimiento? La Secretaría Técnica.'],
      table: { headers: ['Número', 'Acuerdo', 'Responsable'], rows: [['CR-2026-001', 'Aprobado'], []] },
      bullets: ['Niñas y niños', 'Pingüino'],
    },
  ],
  footer: 'Acta CR-2026-001 · Página {page} de {pages}',
};

const long = (sections: number): PdfDocumentModel => ({
  ...small,
  sections: Array.from({ length: sections }, (_, i) => ({
    heading: `Sección ${i + 1}`,
    paragraphs: Array.from(
      { length: 4 },
      () =>
        'La educación básica de calidad requiere metas medibles, responsables designados y seguimiento periódico; ' +
        'cada avance se registra con su evidencia y se revisa en la sesión siguiente.',
    ),
    table: {
      headers: ['Meta', 'Línea base', 'Objetivo', 'Avance'],
      rows: Array.from({ length: 12 }, (_, r) => [`Meta ${i + 1}.${r + 1}`, '8 %', '4 %', `${r * 8} %`]),
    },
    bullets: ['Revisión trimestral', 'Informe público'],
  })),
});

describe('PDF rendering', () => {
  it('renders a PDF whose text keeps its accents', async () => {
    const pdf = await renderPdf(small, { compress: false });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toContain('%%EOF');
    expect(pageCount(pdf)).toBe(1);
    const text = pdfText(pdf);
    expect(text).toContain('Acta de la sesión: Comisión Rectora');
    expect(text).toContain('Alianza por la Calidad de la Educación');
    expect(text).toContain('¿quién da seguimiento?');
    expect(text).toContain('Niñas y niños');
    expect(text).toContain('Pingüino');
    expect(text).toContain('Número');
    expect(text).toContain('Acta CR-2026-001 · Página 1 de 1');
    expect(text).not.toContain('\uFFFD');
  });

  it('compresses by default', async () => {
    const [compressed, plain] = await Promise.all([renderPdf(small), renderPdf(small, { compress: false })]);
    expect(compressed.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(compressed.length).toBeLessThan(plain.length);
    expect(compressed.toString('latin1')).toContain('/FlateDecode');
  });

  it('breaks long documents into numbered A4 pages', async () => {
    const pdf = await renderPdf(long(12), { compress: false });
    const pages = pageCount(pdf);
    expect(pages).toBeGreaterThan(5);
    expect(pdf.toString('latin1')).toContain('/MediaBox [0 0 595.28 841.89]');
    const text = pdfText(pdf);
    for (let p = 1; p <= pages; p++) expect(text).toContain(`Página ${p} de ${pages}`);
    expect(text).not.toContain(`Página ${pages + 1} de`);
  });

  it('renders several documents at once, each intact', async () => {
    const models = [long(3), small, long(8)];
    const pdfs = await Promise.all(models.map((m) => renderPdf(m, { compress: false })));
    const alone = await Promise.all(
      models.map(async (m) => pageCount(await renderPdf(m, { compress: false }))),
    );
    expect(pdfs.map(pageCount)).toEqual(alone);
    for (const pdf of pdfs) {
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdfText(pdf)).toContain('Acta de la sesión: Comisión Rectora');
    }
  });

  it('pads short table rows and refuses rows wider than the headers', async () => {
    const def = pdfDefinition(small);
    expect(JSON.stringify(def.content)).toContain('"text":""');
    await expect(
      renderPdf({ ...small, sections: [{ heading: 'x', table: { headers: ['a'], rows: [['1', '2']] } }] }),
    ).rejects.toThrow(/row 1 has 2 cells for 1 headers/);
  });

  it('formats page labels', () => {
    expect(pageLabel('Página {page} de {pages}', 2, 7)).toBe('Página 2 de 7');
    expect(pageLabel('Sin número', 2, 7)).toBe('Sin número');
  });
});
