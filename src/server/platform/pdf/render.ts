/**
 * PDF documents (minutes, executive syntheses, resolutions…) rendered on the server from a small,
 * generic document model; the modules build the model, this file owns the layout.
 *
 * Why pdfmake (the stack table in docs/../shared/architecture.md): pure JavaScript on top of PDFKit,
 * so printing needs no headless browser, no native binary and no network — it runs on the same
 * Node process as the API. It lays out paragraphs, tables (with header rows repeated across pages)
 * and lists, and embeds the Roboto TrueType fonts it ships, which cover Spanish (á, ñ, ¿, ü…).
 *
 * pdfmake 0.3 API: the package's main export is a configured singleton (not the 0.2 `PdfPrinter`
 * class): `setFonts` with file paths, `setUrlAccessPolicy` / `setLocalAccessPolicy`, then
 * `createPdf(definition).getBuffer()`. Every `createPdf` call builds its own printer and PDFKit
 * document, so concurrent renders do not share state. Layout is synchronous CPU work: a document of
 * a few dozen pages takes tens of milliseconds and blocks the event loop meanwhile.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import pdfmake from 'pdfmake';
import type { Content, TableCell, TDocumentDefinitions, TFontDictionary } from 'pdfmake/interfaces.js';

export interface PdfTable {
  headers: string[];
  /** Each row as many cells as headers (shorter rows are padded). */
  rows: string[][];
}

export interface PdfSection {
  heading: string;
  paragraphs?: string[];
  table?: PdfTable;
  bullets?: string[];
}

export interface PdfDocumentModel {
  title: string;
  subtitle?: string;
  /** Label / value pairs under the title (session, date, place…). */
  meta: [label: string, value: string][];
  sections: PdfSection[];
  /** The footer of every page; `{page}` and `{pages}` are replaced: `'Página {page} de {pages}'`. */
  footer: string;
}

export interface PdfRenderOptions {
  /** Deflate the page contents (default true); off, the PDF's structure is readable text. */
  compress?: boolean;
  /** The document's metadata author (default "Calidad"). */
  author?: string;
  /** The language the text is in, for screen readers (default es-MX, the official documents' language). */
  language?: 'es-MX' | 'en';
}

const require = createRequire(import.meta.url);
const fonts = require('pdfmake/fonts/Roboto.js') as TFontDictionary;
const fontDir = dirname(require.resolve('pdfmake/fonts/Roboto.js'));

pdfmake.setFonts(fonts);
// Documents are built from our own data: nothing is fetched, and only the bundled fonts are read.
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((path) => path.startsWith(`${fontDir}/`));

const INK = '#1f2933';
const MUTED = '#52606d';

/** `'Página {page} de {pages}'` with the numbers in place. */
export function pageLabel(format: string, page: number, pages: number): string {
  return format.replace(/\{page\}/g, String(page)).replace(/\{pages\}/g, String(pages));
}

function tableContent(table: PdfTable): Content {
  const width = table.headers.length;
  if (width === 0) throw new Error('a PDF table needs at least one column');
  const rows = table.rows.map((row, i) => {
    if (row.length > width)
      throw new Error(`PDF table row ${i + 1} has ${row.length} cells for ${width} headers`);
    return [...row, ...Array<string>(width - row.length).fill('')];
  });
  const body: TableCell[][] = [
    table.headers.map((h) => ({ text: h, style: 'tableHeader' })),
    ...rows.map((r) => r.map((c) => ({ text: c }))),
  ];
  return {
    table: { headerRows: 1, widths: Array<string>(width).fill('*'), body },
    layout: 'lightHorizontalLines',
    style: 'table',
  };
}

/** The pdfmake definition of a model (exported for tests and for callers that need to tweak it). */
export function pdfDefinition(model: PdfDocumentModel, options: PdfRenderOptions = {}): TDocumentDefinitions {
  const content: Content[] = [{ text: model.title, style: 'title' }];
  if (model.subtitle) content.push({ text: model.subtitle, style: 'subtitle' });
  if (model.meta.length > 0) {
    content.push({
      table: {
        widths: ['auto', '*'],
        body: model.meta.map(([label, value]) => [
          { text: label, bold: true, color: MUTED },
          { text: value },
        ]),
      },
      layout: 'noBorders',
      style: 'meta',
    });
  }
  for (const s of model.sections) {
    content.push({ text: s.heading, style: 'heading', headlineLevel: 1 });
    for (const p of s.paragraphs ?? []) content.push({ text: p, style: 'paragraph' });
    if (s.table) content.push(tableContent(s.table));
    if (s.bullets && s.bullets.length > 0) content.push({ ul: s.bullets, style: 'list' });
  }
  return {
    content,
    pageSize: 'A4',
    pageMargins: [56, 56, 56, 64],
    compress: options.compress ?? true,
    language: options.language ?? 'es-MX',
    info: {
      title: model.title,
      subject: model.subtitle,
      author: options.author ?? 'Calidad',
      creator: 'Calidad',
    },
    defaultStyle: { font: 'Roboto', fontSize: 10, lineHeight: 1.25, color: INK },
    styles: {
      title: { fontSize: 18, bold: true, margin: [0, 0, 0, 4] },
      subtitle: { fontSize: 12, color: MUTED, margin: [0, 0, 0, 8] },
      meta: { margin: [0, 4, 0, 12] },
      heading: { fontSize: 13, bold: true, margin: [0, 12, 0, 6] },
      paragraph: { margin: [0, 0, 0, 6], alignment: 'justify' },
      table: { margin: [0, 2, 0, 8] },
      tableHeader: { bold: true, color: MUTED },
      list: { margin: [0, 0, 0, 6] },
    },
    // A heading never sits alone at the foot of a page.
    pageBreakBefore: (node, pages) =>
      node.headlineLevel === 1 &&
      pages.getFollowingNodesOnPage().length === 0 &&
      pages.getNodesOnNextPage().length > 0,
    footer: (page, pages) => ({
      text: pageLabel(model.footer, page, pages),
      alignment: 'center',
      fontSize: 8,
      color: MUTED,
      margin: [56, 24, 56, 0],
    }),
  };
}

/** Renders a document model to PDF bytes (A4, Roboto). */
export async function renderPdf(model: PdfDocumentModel, options: PdfRenderOptions = {}): Promise<Buffer> {
  return pdfmake.createPdf(pdfDefinition(model, options)).getBuffer();
}
