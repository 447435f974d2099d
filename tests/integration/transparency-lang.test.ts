import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountabilityReport } from '../../src/contract/finance.ts';
import type { CycleSummary } from '../../src/contract/rules.ts';
import { accountabilityModel } from '../../src/server/modules/finance/accountability-pdf.ts';
import { pdfText } from '../support/pdf-text.ts';
import { type Client, startTestApp, type TestApp } from '../support/test-app.ts';

/**
 * The public transparency pages and the accountability report's PDF in Spanish and English: the
 * public pages by `?lang=` or Accept-Language (Spanish by default), cached and revalidated per
 * language; the PDF in the saved language of whoever prints it. On the demo's closed school.
 */
const CCT = '17DES0104H';
let t: TestApp;
let cycleId: number;
let director: Client;
let schoolId: number;

beforeAll(async () => {
  t = await startTestApp();
  const nacional = await t.login('nacional@demo.calidad.mx');
  const cycles = (await nacional.get('/api/pec/cycles')).json() as CycleSummary[];
  cycleId = (cycles.find((c) => c.publishedVersion === 2) as CycleSummary).id;
  director = await t.login('director.cuautla@demo.calidad.mx');
  schoolId = (await director.get('/api/me')).json().assignments[0].unit.id;
});
afterAll(() => t?.close());

const school = (query = '') => `/transparencia/pec/escuelas/${CCT}?ciclo=${cycleId}${query}`;
const get = (url: string, headers?: Record<string, string>) => t.anonymous().get(url, headers);

describe('the public pages’ language', () => {
  it('is Spanish by default, with a link to the English page', async () => {
    for (const headers of [undefined, { 'accept-language': 'es-MX,es;q=0.9,en;q=0.8' }]) {
      const page = await get(school(), headers);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<html lang="es-MX">');
      expect(page.body).toContain('recibido en efectivo');
      expect(page.body).toContain('el consejo lo dio por recibido');
      expect(page.headers['content-language']).toBe('es-MX');
      expect(page.body).toContain(
        `<nav class="lang" aria-label="Idioma"><a href="/transparencia/pec/escuelas/${CCT}?ciclo=${cycleId}&amp;lang=en" hreflang="en" lang="en">English</a></nav>`,
      );
      // A language that came from the header is not written into the links.
      expect(page.body).toContain(`href="/transparencia/pec/recursos/17?ciclo=${cycleId}"`);
    }
    // English ranked below Spanish, or not at all, is still Spanish.
    for (const al of ['en;q=0.5, es', 'fr-CA, es;q=0.8, en;q=0.7', 'en;q=0'])
      expect((await get(school(), { 'accept-language': al })).body, al).toContain('<html lang="es-MX">');
  });

  it('is English with ?lang=en, the links keeping it, and with an Accept-Language preferring English', async () => {
    const asked = await get(school('&lang=en'));
    expect(asked.statusCode).toBe(200);
    expect(asked.body).toContain('<html lang="en">');
    expect(asked.headers['content-language']).toBe('en');
    expect(asked.body).toContain('received in cash');
    expect(asked.body).toContain('Consejo Escolar de Participación Social');
    expect(asked.body).toContain('the council acknowledged it');
    expect(asked.body).toContain('Programa Escuelas de Calidad: initial grant (Federation and state)');
    expect(asked.body).not.toContain('recibido en efectivo');
    expect(asked.body).toContain(`href="/transparencia/pec/recursos/17?ciclo=${cycleId}&amp;lang=en"`);
    expect(asked.body).toContain('<input type="hidden" name="lang" value="en">');
    expect(asked.body).toContain(
      `<a href="/transparencia/pec/escuelas/${CCT}?ciclo=${cycleId}&amp;lang=es" hreflang="es" lang="es">Español</a>`,
    );
    // Dates as an English reader writes them.
    expect(asked.body).toMatch(/on [A-Z][a-z]+ \d{1,2}, \d{4}; the council/);

    for (const al of ['en-US,en;q=0.9', 'en-GB, es;q=0.5', 'fr, en;q=0.4']) {
      const negotiated = await get(school(), { 'accept-language': al });
      expect(negotiated.body, al).toContain('<html lang="en">');
      expect(negotiated.body, al).toContain('received in cash');
    }
    // The Spanish link wins over an English browser.
    const chosen = await get(school('&lang=es'), { 'accept-language': 'en-US' });
    expect(chosen.body).toContain('<html lang="es-MX">');
    expect(chosen.body).toContain(`href="/transparencia/pec/recursos/17?ciclo=${cycleId}&amp;lang=es"`);

    for (const url of [
      `/transparencia/pec/recursos?ciclo=${cycleId}&lang=en`,
      `/transparencia/pec/recursos/17?ciclo=${cycleId}&lang=en`,
    ]) {
      const page = await get(url);
      expect(page.body, url).toContain('<html lang="en">');
      expect(page.body, url).toContain('>Español</a>');
      expect(page.body, url).toContain('proven spending');
    }
    expect((await get(`/transparencia/pec/recursos/17?ciclo=${cycleId}&lang=en`)).body).toContain(
      'Map of the participating schools of Morelos',
    );
  });

  it('keeps an ETag and a cached page per language, and says the answer varies by Accept-Language', async () => {
    const es = await get(school());
    const en = await get(school(), { 'accept-language': 'en' });
    for (const res of [es, en]) expect(res.headers.vary).toMatch(/accept-language/i);
    const esTag = es.headers.etag as string;
    const enTag = en.headers.etag as string;
    expect(esTag).toBeTruthy();
    expect(enTag).toBeTruthy();
    expect(esTag).not.toBe(enTag);
    // Served again from the process cache, each reader still gets their language.
    expect((await get(school())).body).toContain('<html lang="es-MX">');
    expect((await get(school(), { 'accept-language': 'en' })).body).toContain('<html lang="en">');
    // Revalidation: 304 only for the same language; the other language gets its page.
    expect((await get(school(), { 'if-none-match': esTag })).statusCode).toBe(304);
    expect((await get(school(), { 'accept-language': 'en', 'if-none-match': enTag })).statusCode).toBe(304);
    const crossed = await get(school(), { 'accept-language': 'en', 'if-none-match': esTag });
    expect(crossed.statusCode).toBe(200);
    expect(crossed.body).toContain('<html lang="en">');
    const back = await get(school(), { 'if-none-match': enTag });
    expect(back.statusCode).toBe(200);
    expect(back.body).toContain('<html lang="es-MX">');
  });

  it('shows the open data dictionary in both languages', async () => {
    const es = await get(`/transparencia/pec/datos?ciclo=${cycleId}`);
    expect(es.body).toContain('Datos abiertos y diccionario de datos');
    expect(es.body).toContain('Clave INEGI de la entidad (dos dígitos).');
    const en = await get(`/transparencia/pec/datos?ciclo=${cycleId}&lang=en`);
    expect(en.body).toContain('<html lang="en">');
    expect(en.body).toContain('Open data and data dictionary');
    expect(en.body).toContain('INEGI state code.');
    expect(en.body).toContain('<td>integer</td>');
    expect(en.body).not.toContain('Clave INEGI de la entidad');
    // Column names are the data's own, the same in both.
    for (const page of [es, en]) expect(page.body).toContain('<code>avance_pat</code>');
  });

  it('answers a key that is not public with a not-found page in the reader’s language', async () => {
    const es = await get(`/transparencia/pec/escuelas/14DES0005W?ciclo=${cycleId}`);
    expect(es.statusCode).toBe(404);
    expect(es.body).toContain('<html lang="es-MX">');
    expect(es.body).toContain('No encontramos esa escuela');
    const en = await get('/transparencia/pec/recursos/99', { 'accept-language': 'en-US' });
    expect(en.statusCode).toBe(404);
    expect(en.headers.vary).toMatch(/accept-language/i);
    expect(en.body).toContain('<html lang="en">');
    expect(en.body).toContain('We could not find that state');
    expect(en.body).toContain(
      'href="/transparencia/pec/recursos/99?lang=es" hreflang="es" lang="es">Español</a>',
    );
  });
});

/** All the text of a document model, to look for what a reader must find in the PDF. */
const modelText = (m: ReturnType<typeof accountabilityModel>) =>
  JSON.stringify([m.title, m.subtitle, m.meta, m.sections, m.footer]);

describe('the accountability report’s PDF', () => {
  const url = () => `/api/pec/cycles/${cycleId}/schools/${schoolId}/accountability.pdf`;

  it('is in Spanish for a reader who did not choose English', async () => {
    const pdf = await director.get(url(), { 'accept-language': 'en-US' });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toMatch(/filename="rendicion-de-cuentas-17DES0104H-/);
    const text = pdfText(pdf.rawPayload);
    expect(text).toContain('Rendición de cuentas a la comunidad escolar');
    expect(text).toContain('En pocas palabras');
    expect(text).toContain('Respuesta del Consejo Escolar de Participación Social');
    expect(text).not.toContain('In a few words');
  });

  it('is in English for a reader whose saved language is English, programme terms kept', async () => {
    const english = await t.login('director.cuautla@demo.calidad.mx');
    expect((await english.patch('/api/me', { locale: 'en' })).json().locale).toBe('en');
    try {
      const pdf = await english.get(url());
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-disposition']).toMatch(/filename="accountability-report-17DES0104H-/);
      const text = pdfText(pdf.rawPayload);
      for (const s of [
        'Accountability report to the school community (rendición de cuentas)',
        'In a few words',
        'What we received',
        'Answer of the Consejo Escolar de Participación Social',
        'the school received',
        'Programa Escuelas de Calidad',
      ])
        expect(text).toContain(s);
      expect(text).not.toContain('En pocas palabras');
      expect(text).not.toContain('la escuela recibió');

      // The model behind it, from the report the same reader reads.
      const report = (
        await english.get(`/api/pec/cycles/${cycleId}/schools/${schoolId}/accountability`)
      ).json() as AccountabilityReport;
      const en = modelText(accountabilityModel(report, 'en'));
      expect(en).toContain('Programa Escuelas de Calidad: initial grant (Federation and state)');
      expect(en).toMatch(/were returned to the state trust fund \(reintegro\)/);
      expect(en).toMatch(
        /At the session of [A-Z][a-z]+ \d{1,2}, \d{4}, with 23 attendees, the council acknowledged/,
      );
      expect(en).toContain('This programme is public and unrelated to any political party.');
      // The page's plain summary is in the reader's language too, the same sentences as the PDF.
      expect(report.summary[0]).toMatch(/^In the \S+ school year the school received/);
      expect(en).toContain(report.summary[0]);
      const es = modelText(accountabilityModel(report));
      expect(es).toContain('dio por recibido este informe');
    } finally {
      await english.patch('/api/me', { locale: 'es' });
    }
    // Back to Spanish, the next PDF is Spanish again.
    const again = await director.get(url());
    expect(again.headers['content-disposition']).toMatch(/filename="rendicion-de-cuentas-/);
  });
});
