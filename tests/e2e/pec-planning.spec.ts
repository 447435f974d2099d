import { expect, type Page, test } from '@playwright/test';
import { expectAccessible, person } from './support.ts';

/**
 * A school plan in the browser: the director and a teacher edit it at the same time from two
 * browsers (different actions merge; the same action shows the other person's text and is
 * resolved), rate the self-evaluation, write the PETE and the PAT, watch the spending check refuse
 * a forbidden category and fix it; the director sends it, the zone supervisor returns it with an
 * observation, the director answers and sends it again, the supervisor endorses it, Jalisco's
 * coordination approves it, and the locked plan's versions compare.
 */

test.use({ actionTimeout: 15_000 });

const day = (n: number) => {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

async function csrf(page: Page): Promise<string> {
  const me = await page.request.get('/api/me');
  expect(me.ok()).toBe(true);
  return (await me.json()).csrfToken as string;
}

/** Registers 14DPR0001A in the current cycle (the demo leaves it unregistered) and opens its plan. */
async function openPlan(page: Page): Promise<string> {
  const headers = { 'x-csrf-token': await csrf(page) };
  const me = await (await page.request.get('/api/me')).json();
  const school = me.assignments.find((a: { role: string }) => a.role === 'school_director').unit as {
    id: number;
    code: string;
  };
  expect(school.code).toBe('14DPR0001A');
  const cycles = (await (await page.request.get('/api/pec/cycles')).json()) as {
    id: number;
    schoolYear: string;
    publishedVersion: number | null;
  }[];
  const cycle = cycles
    .filter((c) => c.publishedVersion !== null)
    .sort((a, b) => b.schoolYear.localeCompare(a.schoolYear))[0] as { id: number };
  const calls = (await (await page.request.get(`/api/pec/cycles/${cycle.id}/calls`)).json()) as {
    state: { code: string };
    status: string;
  }[];
  expect(calls.some((c) => c.state.code === '14' && c.status === 'published')).toBe(true);
  const reg = await page.request.post(`/api/pec/cycles/${cycle.id}/registrations`, {
    headers,
    data: {
      schoolUnitId: school.id,
      commitment: {
        directorName: 'Diego Director Hernández',
        cepsPresidentName: 'Rosa Pérez Luna',
        cteEndorsedOn: day(-3),
        signedOn: day(-2),
      },
    },
  });
  expect([201, 409], await reg.text()).toContain(reg.status());
  const opened = await page.request.post(`/api/pec/cycles/${cycle.id}/schools/${school.id}/plan`, {
    headers,
    data: {},
  });
  expect(opened.ok(), await opened.text()).toBe(true);
  return (await opened.json()).id as string;
}

const tab = (page: Page, name: string) => page.getByRole('tab', { name, exact: true }).click();
const saved = (page: Page) => expect(page.getByRole('status').filter({ hasText: /^Guardado/ })).toBeVisible();

async function choose(page: Page, label: string, option: string | RegExp) {
  await page.getByLabel(label, { exact: true }).first().click();
  await page.getByRole('option', { name: option }).click();
}

test('school plan: edited together, checked, sent, returned, answered, endorsed, approved, compared', async ({
  browser,
}) => {
  test.setTimeout(300_000);
  const director = await person(browser, 'director@demo.calidad.mx');
  const planId = await openPlan(director);
  const url = `/pec/planes/${planId}`;
  const docente = await person(browser, 'docente@demo.calidad.mx');
  await director.goto(url);
  await docente.goto(url);
  for (const p of [director, docente])
    await expect(p.getByRole('heading', { level: 1, name: /^Plan escolar:/ })).toBeVisible();
  await expect(director.getByRole('tab', { name: 'Autoevaluación' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expectAccessible(director);

  // The director writes the PETE: mission, vision, an objective with its goal.
  await tab(director, 'PETE');
  await director.getByLabel('Misión', { exact: true }).fill('Formar lectores autónomos');
  await director.getByLabel('Visión', { exact: true }).fill('Una escuela que lee');
  await director.getByRole('button', { name: 'Agregar objetivo (Dimensión pedagógica curricular)' }).click();
  await director.getByLabel('Objetivo 1', { exact: true }).fill('Mejorar la comprensión lectora');
  await director.getByRole('button', { name: 'Agregar meta' }).click();
  await director.getByLabel('Meta 1', { exact: true }).fill('Alumnos que leen con fluidez');
  await director.getByLabel('Indicador de la meta 1').fill('% de alumnos');
  await director.getByLabel('Línea base de la meta 1').fill('40');
  await director.getByLabel('Valor meta de la meta 1').fill('70');
  await director.getByLabel('Año de la meta 1').fill(String(new Date().getUTCFullYear() + 1));
  await saved(director);
  await expectAccessible(director);

  // Both add an action at the same time: both are kept.
  await tab(director, 'PAT');
  await docente.reload();
  await tab(docente, 'PAT');
  await director.getByRole('button', { name: 'Agregar acción' }).click();
  await docente.getByRole('button', { name: 'Agregar acción' }).click();
  await director.getByLabel('Descripción de la acción 1').fill('Biblioteca de aula');
  await docente.getByLabel('Descripción de la acción 1').fill('Círculos de lectura con familias');
  await saved(director);
  await saved(docente);
  for (const p of [director, docente]) {
    await p.reload();
    await tab(p, 'PAT');
    await expect(p.getByLabel('Descripción de la acción 1')).toHaveValue('Biblioteca de aula');
    await expect(p.getByLabel('Descripción de la acción 2')).toHaveValue('Círculos de lectura con familias');
  }
  await expectAccessible(director);

  // Both edit the same action: the teacher, offline, keeps their edit; back online they see the director's.
  await docente.context().setOffline(true);
  await docente.getByLabel('Descripción de la acción 1').fill('Biblioteca escolar');
  await expect(docente.getByRole('status').filter({ hasText: 'Sin conexión — se reintentará' })).toBeVisible({
    timeout: 15_000,
  });
  await director.getByLabel('Descripción de la acción 1').fill('Biblioteca de aula con préstamo a casa');
  await saved(director);
  await docente.context().setOffline(false);
  const conflict = docente.getByRole('alert').filter({ hasText: 'Otra persona cambió lo mismo que usted' });
  await expect(conflict).toBeVisible({ timeout: 20_000 });
  await expect(conflict).toContainText(
    /Diego Director Hernández cambió esta acción a las .*«Biblioteca de aula con préstamo a casa»/,
  );
  await expect(conflict).toContainText('«Biblioteca escolar»');
  await expect(docente.getByLabel('Descripción de la acción 1')).toHaveValue('Biblioteca escolar');
  await expectAccessible(docente);
  await conflict.getByRole('button', { name: 'Conservar la mía' }).click();
  await expect(conflict).toBeHidden();
  await saved(docente);
  await director.reload();
  await tab(director, 'PAT');
  await expect(director.getByLabel('Descripción de la acción 1')).toHaveValue('Biblioteca escolar');

  // The teacher rates the self-evaluation: the diagnosis names the priorities.
  await docente.reload();
  await expect(docente.getByRole('tab', { name: 'Autoevaluación' })).toHaveAttribute('aria-selected', 'true');
  const groups = docente
    .getByRole('region', { name: 'Autoevaluación: estándares de gestión' })
    .getByRole('radiogroup');
  await expect(groups).toHaveCount(20);
  for (let i = 0; i < 20; i++) {
    const level = i < 4 ? /^2 · En proceso inicial$/ : /^3 · Se cumple parcialmente$/;
    await groups.nth(i).getByRole('radio', { name: level }).check();
  }
  await docente.getByLabel('Evidencia: Centralidad del aprendizaje').fill('Registro del CTE de septiembre');
  await saved(docente);
  const diagnosis = docente.getByRole('region', { name: 'Diagnóstico' });
  await expect(
    diagnosis.getByRole('listitem').filter({ hasText: 'Centralidad del aprendizaje (2)' }),
  ).toBeVisible();
  await expectAccessible(docente);

  // The PETE takes a priority from the diagnosis.
  await tab(docente, 'PETE');
  await docente.getByRole('checkbox', { name: 'Centralidad del aprendizaje' }).check();
  await saved(docente);

  // The PAT: details of both actions; a forbidden category is flagged beside it, then fixed.
  await tab(director, 'PAT');
  await director.reload();
  await tab(director, 'PAT');
  for (const n of [1, 2]) {
    await choose(director, `Meta de la acción ${n}`, 'Alumnos que leen con fluidez');
    await director.getByLabel(`Responsable de la acción ${n}`).fill('Daniela Docente');
    await director.getByLabel(`Inicio de la acción ${n}`).fill(day(30));
    await director.getByLabel(`Término de la acción ${n}`).fill(day(200));
    await director.getByLabel(`Costo en pesos de la acción ${n}`).fill('5000');
  }
  await choose(director, 'Categoría de gasto de la acción 1', 'Materiales educativos, libros y acervos');
  await choose(director, 'Categoría de gasto de la acción 2', /^Alimentos y bebidas/);
  await saved(director);
  const spending = director.getByRole('region', { name: 'Revisión del gasto' });
  await expect(spending).toContainText('El gasto no cumple las reglas');
  await expect(spending.getByRole('row', { name: /Alimentos y bebidas/ })).toContainText(
    /no es un gasto autorizado/,
  );
  await expectAccessible(director);
  await choose(director, 'Categoría de gasto de la acción 2', 'Formación de docentes, directivos y familias');
  await saved(director);
  await expect(spending).toContainText('El gasto cumple las reglas');

  // The director sends it: nothing missing.
  await tab(director, 'Revisión');
  await expect(director.getByText('El plan está completo y puede enviarse.')).toBeVisible();
  await expectAccessible(director);
  await director.getByRole('button', { name: 'Enviar a revisión' }).click();
  await director.getByRole('dialog').getByRole('button', { name: 'Enviar a revisión' }).click();
  await expect(director.getByText('Enviado a revisión').first()).toBeVisible();
  await expect(director.getByText('Solo lectura')).toBeVisible();

  // The zone supervisor returns it with an observation on an action.
  const supervisor = await person(browser, 'supervisor@demo.calidad.mx');
  await supervisor.goto(url);
  await tab(supervisor, 'Revisión');
  await supervisor.getByRole('button', { name: 'Devolver con observaciones' }).click();
  const dialog = supervisor.getByRole('dialog');
  await choose(supervisor, 'Apartado de la observación 1', 'Acción: Biblioteca escolar');
  await dialog.getByRole('textbox', { name: 'Observación 1' }).fill('Presente la cotización de los libros.');
  await expectAccessible(supervisor);
  await dialog.getByRole('button', { name: 'Devolver con observaciones' }).click();
  await expect(dialog).toBeHidden();
  await expect(
    supervisor.getByRole('article').filter({ hasText: 'Presente la cotización de los libros.' }),
  ).toContainText('Acción: Biblioteca escolar');

  // The director answers and sends it again.
  await director.reload();
  await tab(director, 'Revisión');
  const observation = director
    .getByRole('article')
    .filter({ hasText: 'Presente la cotización de los libros.' });
  await observation.getByRole('textbox').fill('Se anexan dos cotizaciones.');
  await observation.getByRole('button', { name: 'Enviar respuesta' }).click();
  await expect(observation).toContainText('Respuesta de la escuela: Se anexan dos cotizaciones.');
  await expectAccessible(director);
  await director.getByRole('button', { name: 'Enviar a revisión' }).click();
  await director.getByRole('dialog').getByRole('button', { name: 'Enviar a revisión' }).click();
  await expect(director.getByRole('dialog')).toBeHidden();

  // The supervisor endorses; Jalisco's coordination approves.
  await supervisor.reload();
  await tab(supervisor, 'Revisión');
  await expect(supervisor.getByRole('article')).toContainText(
    'Respuesta de la escuela: Se anexan dos cotizaciones.',
  );
  await supervisor.getByRole('button', { name: 'Avalar' }).click();
  await supervisor.getByRole('dialog').getByRole('button', { name: 'Avalar' }).click();
  await expect(supervisor.getByRole('dialog')).toBeHidden();
  const estatal = await person(browser, 'estatal.jal@demo.calidad.mx');
  await estatal.goto(url);
  await tab(estatal, 'Revisión');
  await estatal.getByRole('button', { name: 'Aprobar (dictamen)' }).click();
  await estatal.getByRole('dialog').getByRole('button', { name: 'Aprobar (dictamen)' }).click();
  await expect(estatal.getByRole('dialog')).toBeHidden();
  await expect(estatal.getByText('Aprobado', { exact: true }).first()).toBeVisible();

  // Locked: read-only for the school, with the amendment offered to the director; versions compare.
  await director.reload();
  await expect(director.getByText('Solo lectura')).toBeVisible();
  await expect(director.getByRole('button', { name: 'Adecuación' })).toBeVisible();
  await tab(director, 'PAT');
  await expect(director.getByLabel('Descripción de la acción 1')).toHaveAttribute('readonly', '');
  await expect(director.getByRole('button', { name: 'Agregar acción' })).toHaveCount(0);
  const downloads = director.getByRole('navigation', { name: 'Descargas' });
  for (const [name, type] of [
    ['PETE (PDF)', 'application/pdf'],
    ['PAT (CSV)', 'text/csv'],
  ] as const) {
    const href = (await downloads.getByRole('link', { name }).getAttribute('href')) as string;
    const res = await director.request.get(href);
    expect(res.ok()).toBe(true);
    expect(res.headers()['content-type']).toContain(type);
  }
  await tab(director, 'Versiones');
  await choose(director, 'Versión anterior', /^Versión 1 —/);
  const changes = director.getByRole('region', { name: 'Diferencias' });
  await expect(
    changes.getByRole('row', { name: /Acción del PAT.*Agregado.*Biblioteca escolar/ }),
  ).toBeVisible();
  await expect(changes.getByRole('row', { name: /Misión.*Formar lectores autónomos/ })).toBeVisible();
  await expectAccessible(director);
  await tab(director, 'Avance');
  await director.getByLabel('Porcentaje de avance de la acción 1').fill('40');
  await director.getByRole('button', { name: 'Registrar avance de la acción 1' }).click();
  await expect(director.getByText('Avance registrado.', { exact: true })).toBeVisible();
  await expect(director.getByRole('region', { name: 'Acción 1' })).toContainText(
    'Último avance: Pendiente, 40 %',
  );
  await expectAccessible(director);

  // The year-end report (ITP): written and sent by the director.
  await tab(director, 'Informe');
  await director.getByLabel('Logros').fill('Fluidez lectora de 40 % a 66 %.');
  await director.getByRole('button', { name: 'Guardar informe' }).click();
  await expect(director.getByText('Informe guardado.')).toBeVisible();
  await expectAccessible(director);
  await director.getByRole('button', { name: 'Enviar informe' }).click();
  await expect(director.getByText('Enviado', { exact: true }).first()).toBeVisible();
  await expect(director.getByLabel('Logros')).toHaveAttribute('readonly', '');

  // An amendment of the approved plan, with its reason, shows in the versions.
  await director.getByRole('button', { name: 'Adecuación' }).click();
  await director.getByRole('dialog').getByRole('button', { name: 'Iniciar adecuación' }).click();
  await expect(director.getByText('Escriba el motivo de la adecuación.')).toBeVisible();
  await director.getByLabel('Motivo de la adecuación').fill('Acuerdo del CTE del 12 de septiembre.');
  await director.getByRole('dialog').getByRole('button', { name: 'Iniciar adecuación' }).click();
  await expect(director.getByText('Adecuación en curso')).toBeVisible();
  await tab(director, 'PETE');
  await director.getByLabel('Valores', { exact: true }).fill('Respeto y colaboración');
  await saved(director);
  await tab(director, 'Versiones');
  await expect(director.getByRole('region', { name: 'Versiones' }).getByRole('row').nth(1)).toContainText(
    'Adecuación: Acuerdo del CTE del 12 de septiembre.',
  );
});
