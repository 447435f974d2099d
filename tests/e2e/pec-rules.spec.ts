import { expect, type Page, test } from '@playwright/test';
import { expectAccessible, login } from './support.ts';

/**
 * Escuelas de Calidad rules of operation in the browser: the national coordination corrects the
 * current cycle's federal rules (version 3, with its reason); Jalisco's coordination is refused an
 * adaptation outside the federal calendar, fixes it and publishes; the effective rules for a
 * Jalisco school mark the changed date; Jalisco extends a deadline for a zone; a school director
 * reads the rules without any way to change them.
 */

async function signInAs(page: Page, email: string) {
  const logout = page.getByRole('button', { name: 'Cerrar sesión' });
  if (await logout.isVisible().catch(() => false)) {
    await logout.click();
    await expect(page.getByRole('heading', { level: 1, name: 'Iniciar sesión' })).toBeVisible();
  }
  await login(page, email);
}

const day = (base: string, n: number) => {
  const d = new Date(`${base}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

const longDate = (date: string) =>
  new Intl.DateTimeFormat('es-MX', { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${date}T12:00:00Z`),
  );

test('rules of operation: federal correction, state adaptation within bounds, effective rules, extension', async ({
  page,
}) => {
  test.setTimeout(240_000);

  // The national coordination opens the current cycle and sees the fe de erratas in the history.
  await login(page, 'nacional@demo.calidad.mx');
  await page.getByRole('link', { name: 'Reglas de operación', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Reglas de Operación' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Versión 2' })).toBeVisible();
  await expectAccessible(page);
  await page
    .getByRole('row', { name: /Versión 2/ })
    .getByRole('link', { name: /^Ciclo escolar/ })
    .click();
  await expect(
    page.getByRole('heading', { level: 1, name: /^Reglas de Operación del ciclo escolar/ }),
  ).toBeVisible();
  const cycleUrl = new URL(page.url()).pathname;
  const cycleId = cycleUrl.split('/').at(-1) as string;
  const history = page.getByRole('region', { name: 'Historial de versiones' });
  await expect(history.getByRole('row', { name: /Versión 2/ })).toContainText('Fe de erratas');
  await expect(page.getByRole('tab', { name: 'Publicada (versión 2)' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(page.getByText('$25,000.00').first()).toBeVisible();
  await expectAccessible(page);
  const jaliscoHref = (await page.getByRole('link', { name: '14 · Jalisco' }).getAttribute('href')) as string;

  // Edits the draft: an inconsistent calendar is refused next to its field, then the match cap goes up.
  await page.getByRole('button', { name: 'Crear borrador' }).click();
  await expect(page.getByRole('heading', { name: /Edición del borrador \(versión 3\)/ })).toBeVisible();
  await expectAccessible(page);
  const callOpens = await page.getByLabel('Apertura de la convocatoria').inputValue();
  const ruling = page.getByLabel('Dictamen del comité técnico estatal');
  const rulingDate = await ruling.inputValue();
  await ruling.fill(day(callOpens, -1));
  await page.getByRole('button', { name: 'Guardar borrador' }).click();
  await expect(page.getByRole('alert').first()).toContainText('no son consistentes');
  await expect(ruling).toHaveAttribute('aria-invalid', 'true');
  await expect(
    page.getByText(/La fecha de dictamen del comité técnico estatal .* queda antes/).first(),
  ).toBeVisible();
  await ruling.fill(rulingDate);
  const matchCap = page.getByLabel('Tope de la contrapartida por escuela');
  await matchCap.fill('28000');
  await page.getByRole('button', { name: 'Guardar borrador' }).click();
  await expect(page.getByText('Borrador guardado.')).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Borrador (versión 3)' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(page.getByRole('row', { name: /Tope de la contrapartida por escuela/ })).toContainText(
    '$28,000.00',
  );

  // Someone else saves the draft meanwhile: the save is refused as stale and the edits stay on screen.
  await page.getByRole('button', { name: 'Editar borrador' }).click();
  await matchCap.fill('30000');
  const me = await (await page.request.get('/api/me')).json();
  const current = await (await page.request.get(`/api/pec/cycles/${cycleId}`)).json();
  const other = await page.request.put(`/api/pec/cycles/${cycleId}/rules/draft`, {
    headers: { 'x-csrf-token': me.csrfToken, origin: new URL(page.url()).origin },
    data: { document: current.draft, revision: current.draftRevision },
  });
  expect(other.status()).toBe(200);
  await page.getByRole('button', { name: 'Guardar borrador' }).click();
  await expect(page.getByRole('alert').first()).toContainText('Alguien más guardó este borrador');
  await expect(matchCap).toHaveValue('$30,000');
  await page.getByRole('button', { name: 'Descartar mis cambios y cargar la versión actual' }).click();
  await page.getByRole('button', { name: 'Editar borrador' }).click();
  await expect(matchCap).toHaveValue('$28,000');
  await matchCap.fill('30000');
  await page.getByRole('button', { name: 'Guardar borrador' }).click();
  await expect(page.getByText('Borrador guardado.')).toBeVisible();
  await expect(page.getByRole('row', { name: /Tope de la contrapartida por escuela/ })).toContainText(
    '$30,000.00',
  );

  // Publishes: a correction needs its reason.
  await page.getByRole('button', { name: 'Publicar borrador' }).click();
  const publish = page.getByRole('dialog', { name: 'Publicar la versión 3' });
  await expect(publish).toHaveCSS('opacity', '1');
  await expectAccessible(page);
  await publish.getByRole('button', { name: 'Publicar', exact: true }).click();
  await expect(publish.getByText('Escriba el motivo de la corrección.')).toBeVisible();
  await publish
    .getByLabel(/Motivo de la corrección/)
    .fill('Se amplía la contrapartida máxima a 30 mil pesos.');
  await publish.getByRole('button', { name: 'Publicar', exact: true }).click();
  await expect(publish).toBeHidden();
  await expect(page.getByText('Se publicó la versión 3.')).toBeVisible();
  await expect(history.getByRole('row', { name: /Versión 3/ })).toContainText(
    'Se amplía la contrapartida máxima a 30 mil pesos.',
  );
  await expect(history.getByRole('row', { name: /Versión 3/ })).toContainText('Norberto Nacional Vega');
  await expect(page.getByText('Vigente: versión 3')).toBeVisible();
  await expectAccessible(page);

  // The national coordination reads Jalisco's adaptation but cannot change it.
  await page.getByRole('link', { name: '14 · Jalisco' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Adecuación estatal: Jalisco' })).toBeVisible();
  await expect(page.getByRole('button', { name: /borrador/ })).toHaveCount(0);
  await expectAccessible(page);

  // Jalisco's coordination: a registration close after the federal date is refused, naming rule and date.
  // (By URL: GET /api/pec/cycles and /cycles/:id answer 404 to anyone without a national role, so
  // state and school users cannot reach the cycle from the list yet.)
  await signInAs(page, 'estatal.jal@demo.calidad.mx');
  await page.goto(jaliscoHref);
  await expect(page.getByRole('heading', { level: 1, name: 'Adecuación estatal: Jalisco' })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Publicada (versión 1)' })).toBeVisible();
  await expectAccessible(page);
  const stateId = jaliscoHref.split('/').at(-1) as string;
  const view = await (
    await page.request.get(`/api/pec/cycles/${cycleId}/effective?unitId=${stateId}`)
  ).json();
  const federalClose: string = view.federal.calendar.registration_closes;
  await page.getByRole('button', { name: 'Crear borrador' }).click();
  await expect(page.getByRole('heading', { name: /Edición del borrador \(versión 2\)/ })).toBeVisible();
  await expectAccessible(page);
  const closes = page.getByLabel('Cierre del registro de escuelas');
  const late = day(federalClose, 5);
  await closes.fill(late);
  await page.getByRole('button', { name: 'Guardar borrador' }).click();
  await expect(page.getByRole('alert').first()).toContainText('sale de los límites de las reglas federales');
  await expect(closes).toHaveAttribute('aria-invalid', 'true');
  const refusal = `La fecha de cierre del registro de escuelas (${late}) no puede ser posterior a la federal (${federalClose}).`;
  // Beside the field (its error text) and in the list on top.
  await expect(page.getByText(refusal)).toHaveCount(2);
  await expectAccessible(page);
  const early = day(federalClose, -3);
  await closes.fill(early);
  await page.getByRole('button', { name: 'Guardar borrador' }).click();
  await expect(page.getByText('Borrador guardado.')).toBeVisible();
  await page.getByRole('button', { name: 'Publicar borrador' }).click();
  const publishState = page.getByRole('dialog', { name: 'Publicar la versión 2' });
  await publishState
    .getByLabel(/Motivo de la corrección/)
    .fill('Cierre anticipado por el calendario estatal.');
  await publishState.getByRole('button', { name: 'Publicar', exact: true }).click();
  await expect(publishState).toBeHidden();
  await expect(page.getByText('Se publicó la versión 2.')).toBeVisible();
  await expect(
    page.getByRole('region', { name: 'Historial de versiones' }).getByRole('row', { name: /Versión 2/ }),
  ).toContainText('Cierre anticipado por el calendario estatal.');

  // The effective rules for a Jalisco school mark the state's date.
  await page.getByRole('link', { name: 'Reglas efectivas por entidad o escuela' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: /^Reglas efectivas del ciclo escolar/ }),
  ).toBeVisible();
  await page.getByRole('combobox', { name: 'Unidad' }).fill('14DPR0001A');
  await page.getByRole('option', { name: /Escuela Primaria Benito Juárez · 14DPR0001A/ }).click();
  await expect(page.getByText('Escuela: Escuela Primaria Benito Juárez · 14DPR0001A')).toBeVisible();
  const calendar = page.getByRole('region', { name: 'Reglas federales y efectivas: Calendario del ciclo' });
  const closeRow = calendar.getByRole('row', { name: /Cierre del registro de escuelas/ });
  await expect(closeRow).toContainText('Modificado por la entidad');
  await expect(calendar.getByRole('row', { name: /Reintegro de recursos no ejercidos/ })).not.toContainText(
    'Modificado por la entidad',
  );
  await expect(page.getByRole('row', { name: /Tope de la contrapartida por escuela/ })).toContainText(
    'Modificado por la entidad',
  );
  await expect(page.getByText(/adecuación estatal de Jalisco versión 2/)).toBeVisible();
  await expect(
    page
      .getByRole('region', { name: 'Plazos de la unidad' })
      .getByRole('row', { name: /Cierre del registro/ }),
  ).toContainText('Abierto');
  await expectAccessible(page);

  // Jalisco extends the registration for a zone: a date not after the current one is refused.
  await page.getByRole('button', { name: 'Otorgar prórroga' }).click();
  const grant = page.getByRole('dialog', { name: 'Otorgar prórroga' });
  await expect(grant).toHaveCSS('opacity', '1');
  await grant.getByRole('combobox', { name: 'Unidad' }).fill('Zona Escolar 001');
  await page.getByRole('option', { name: /Zona Escolar 001 Guadalajara Centro/ }).click();
  await expect(grant.getByText(/Fecha vigente para la unidad/)).toBeVisible();
  await grant.getByLabel('Nueva fecha límite').fill(early);
  await grant.getByLabel('Motivo').fill('Falla del servicio eléctrico en la zona.');
  await expectAccessible(page);
  await grant.getByRole('button', { name: 'Otorgar prórroga' }).click();
  await expect(grant.getByText(/elija una fecha posterior al/).first()).toBeVisible();
  await expect(grant.getByLabel('Nueva fecha límite')).toHaveAttribute('aria-invalid', 'true');
  await grant.getByLabel('Nueva fecha límite').fill(day(early, 7));
  await grant.getByRole('button', { name: 'Otorgar prórroga' }).click();
  await expect(grant).toBeHidden();
  const extensions = page.getByRole('region', { name: 'Prórrogas otorgadas' });
  await expect(extensions.getByRole('row', { name: /Falla del servicio eléctrico/ })).toContainText(
    'Zona Escolar 001 Guadalajara Centro',
  );
  // The zone's extension covers the school shown.
  await expect(
    page
      .getByRole('region', { name: 'Plazos de la unidad' })
      .getByRole('row', { name: /Cierre del registro/ }),
  ).toContainText(longDate(day(early, 7)));
  await expectAccessible(page);

  // The director reads the rules for the school, with no way to change anything.
  await signInAs(page, 'director@demo.calidad.mx');
  await page.goto(`/reglas/${cycleId}/efectivas`);
  await expect(
    page.getByRole('heading', { level: 1, name: /^Reglas efectivas del ciclo escolar/ }),
  ).toBeVisible();
  await expect(page.getByText('Escuela: Escuela Primaria Benito Juárez · 14DPR0001A')).toBeVisible();
  await expect(
    page
      .getByRole('region', { name: 'Reglas federales y efectivas: Calendario del ciclo' })
      .getByRole('row', { name: /Cierre del registro de escuelas/ }),
  ).toContainText('Modificado por la entidad');
  // The zone's extension reaches the school's deadlines (the list shows only extensions inside one's own scope).
  await expect(
    page
      .getByRole('region', { name: 'Plazos de la unidad' })
      .getByRole('row', { name: /Cierre del registro/ }),
  ).toContainText(longDate(day(early, 7)));
  await expect(page.getByRole('button', { name: 'Otorgar prórroga' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /borrador|Publicar/ })).toHaveCount(0);
  await expectAccessible(page);
});
