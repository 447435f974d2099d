import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BodyDetail, Overview } from '../../src/contract/alliance.ts';
import { auditLog } from '../../src/server/platform/audit/schema.ts';
import { mailOutbox } from '../../src/server/platform/mail/schema.ts';
import { dbFailure } from '../support/db-failure.ts';
import { type Client, startTestApp, type TestApp } from '../support/test-app.ts';

/**
 * The whole Alianza chain through the HTTP API, as the seated people would walk it: a mesa drafts
 * and submits, the eje returns with observations and then validates, the eje's synthesis goes to the
 * commission through the secretariat, the commission decides by consensus, the resolution flows back
 * and its observation becomes a mesa task that is closed with evidence. Every refusal on the way is
 * the one the rules name.
 */
let t: TestApp;
const who: Record<string, Client> = {};
let ov: Overview;
const bodyId = (code: string): number => {
  if (code === 'CR') return ov.commission.id;
  for (const e of ov.ejes) {
    if (e.code === code) return e.id;
    const m = e.mesas.find((x) => x.code === code);
    if (m) return m.id;
  }
  throw new Error(`no body ${code}`);
};

beforeAll(async () => {
  t = await startTestApp();
  for (const name of [
    'mesa1',
    'mesa1.snte',
    'mesa2',
    'eje1',
    'secretariado',
    'comision.sep',
    'comision.snte',
    'director',
  ])
    who[name] = await t.login(`${name}@demo.calidad.mx`);
  ov = (await c('mesa1').get('/api/alliance/overview')).json();
});
afterAll(() => t?.close());

function c(name: string): Client {
  const client = who[name];
  if (!client) throw new Error(name);
  return client;
}

function expectProblem(
  res: { statusCode: number; body: string; headers: Record<string, unknown> },
  status: number,
  code?: string,
) {
  expect(res.statusCode, res.body).toBe(status);
  expect(String(res.headers['content-type'])).toContain('application/problem+json');
  if (code) expect(JSON.parse(res.body).code).toBe(code);
}

const inboxIds = async (name: string) =>
  ((await c(name).get('/api/alliance/inbox')).json().items as { kind: string; id: string }[]).map(
    (i) => `${i.kind}:${i.id}`,
  );

describe('the document chain from mesa proposal to commission resolution and back', () => {
  const ids: Record<string, string> = {};

  it('a mesa drafts a proposal that only its members can see', async () => {
    const res = await c('mesa1').post(`/api/alliance/bodies/${bodyId('I.1')}/documents`, {
      kind: 'proposal',
      title: 'Propuesta de lineamientos para la rehabilitación de planteles',
      body: 'Versión 1: criterios de priorización por grado de marginación.',
    });
    expect(res.statusCode, res.body).toBe(201);
    ids.doc = res.json().id;
    expect((await c('mesa1.snte').get(`/api/alliance/documents/${ids.doc}`)).statusCode).toBe(200);
    // The eje coordination and other mesas do not see a draft; nobody outside can probe for it.
    expectProblem(await c('eje1').get(`/api/alliance/documents/${ids.doc}`), 404);
    expectProblem(await c('mesa2').get(`/api/alliance/documents/${ids.doc}`), 404);
    expectProblem(await c('director').get(`/api/alliance/documents/${ids.doc}`), 404);
  });

  it('only the mesa coordinator submits it to the eje coordination', async () => {
    expectProblem(
      await c('mesa1.snte').post(`/api/alliance/documents/${ids.doc}/submit`, {}),
      403,
      'out_of_scope',
    );
    expectProblem(await c('mesa2').post(`/api/alliance/documents/${ids.doc}/submit`, {}), 404);
    const res = await c('mesa1').post(`/api/alliance/documents/${ids.doc}/submit`, {});
    expect(res.statusCode, res.body).toBe(204);
    expect(await inboxIds('eje1')).toContain(`document:${ids.doc}`);
  });

  it('the eje returns it only with observations, and only the eje may', async () => {
    expectProblem(await c('mesa1').post(`/api/alliance/documents/${ids.doc}/validate`, {}), 403);
    expectProblem(await c('mesa2').post(`/api/alliance/documents/${ids.doc}/return`, { comment: 'x' }), 404);
    expectProblem(
      await c('eje1').post(`/api/alliance/documents/${ids.doc}/return`, { comment: '  ' }),
      422,
      'workflow_comment_required',
    );
    const res = await c('eje1').post(`/api/alliance/documents/${ids.doc}/return`, {
      comment: 'Precisar la fuente de los datos de marginación.',
    });
    expect(res.statusCode, res.body).toBe(204);
    const doc = (await c('mesa1').get(`/api/alliance/documents/${ids.doc}`)).json();
    expect(doc.state).toBe('returned');
    expect(doc.workflow.timeline.at(-1)).toMatchObject({
      action: 'return',
      comment: 'Precisar la fuente de los datos de marginación.',
      actingAs: { bodyCode: 'I', position: 'coordinator' },
    });
    expect(await inboxIds('mesa1')).toContain(`document:${ids.doc}`);
  });

  it('the mesa answers with a new version and resubmits; a stale view is refused', async () => {
    const v = await c('mesa1.snte').post(`/api/alliance/documents/${ids.doc}/versions`, {
      title: 'Propuesta de lineamientos para la rehabilitación de planteles (v2)',
      body: 'Versión 2: datos de CONAPO 2020 para el grado de marginación.',
      note: 'Atiende la observación del eje.',
    });
    expect(v.statusCode, v.body).toBe(204);
    const doc = (await c('mesa1').get(`/api/alliance/documents/${ids.doc}`)).json();
    expect(doc.versionList.map((x: { number: number }) => x.number)).toEqual([2, 1]);
    expectProblem(
      await c('mesa1').post(`/api/alliance/documents/${ids.doc}/submit`, {
        expectedVersion: doc.workflow.version - 1,
      }),
      409,
      'workflow_stale',
    );
    const res = await c('mesa1').post(`/api/alliance/documents/${ids.doc}/submit`, {
      expectedVersion: doc.workflow.version,
    });
    expect(res.statusCode, res.body).toBe(204);
  });

  it('the eje validates it, after which it is fixed', async () => {
    const res = await c('eje1').post(`/api/alliance/documents/${ids.doc}/validate`, {});
    expect(res.statusCode, res.body).toBe(204);
    expectProblem(
      await c('mesa1').post(`/api/alliance/documents/${ids.doc}/versions`, { title: 'x', body: 'y' }),
      409,
      'alliance_document_locked',
    );
    const doc = (await c('eje1').get(`/api/alliance/documents/${ids.doc}`)).json();
    expect(doc.workflow.timeline.map((e: { action: string }) => e.action)).toEqual([
      'create',
      'submit',
      'return',
      'new_version',
      'submit',
      'validate',
    ]);
  });

  it('the eje writes an executive synthesis of validated documents only and sends it', async () => {
    const draft = await c('mesa1').post(`/api/alliance/bodies/${bodyId('I.1')}/documents`, {
      kind: 'plan',
      title: 'Plan sin validar',
      body: 'Borrador.',
    });
    expectProblem(
      await c('eje1').post(`/api/alliance/bodies/${bodyId('I')}/syntheses`, {
        title: 'Síntesis con un borrador',
        summary: 'x',
        recommendations: 'y',
        documentIds: [draft.json().id],
      }),
      422,
      'alliance_document_not_validated',
    );
    expectProblem(
      await c('mesa1').post(`/api/alliance/bodies/${bodyId('I')}/syntheses`, {
        title: 'Síntesis de una mesa',
        summary: 'x',
        recommendations: 'y',
        documentIds: [ids.doc],
      }),
      403,
    );
    const res = await c('eje1').post(`/api/alliance/bodies/${bodyId('I')}/syntheses`, {
      title: 'Síntesis ejecutiva: rehabilitación de planteles',
      summary: 'La mesa I.1 propone lineamientos de priorización.',
      recommendations: 'Aprobar los lineamientos y pedir un calendario de implementación.',
      documentIds: [ids.doc],
    });
    expect(res.statusCode, res.body).toBe(201);
    ids.synthesis = res.json().id;
    expectProblem(await c('mesa1').post(`/api/alliance/syntheses/${ids.synthesis}/send`, {}), 403);
    expect((await c('eje1').post(`/api/alliance/syntheses/${ids.synthesis}/send`, {})).statusCode).toBe(204);
    expect(await inboxIds('secretariado')).toContain(`synthesis:${ids.synthesis}`);
  });

  it('the secretariat convenes the commission (invitations with .ics) and places the synthesis on its agenda', async () => {
    const starts = new Date(Date.now() + 86_400_000);
    const res = await c('secretariado').post(`/api/alliance/bodies/${bodyId('CR')}/meetings`, {
      kind: 'ordinary',
      title: 'Sesión ordinaria de prueba',
      startsAt: starts.toISOString(),
      endsAt: new Date(starts.getTime() + 7_200_000).toISOString(),
      place: 'Sala de juntas, SEP',
      agenda: ['Lista de asistencia y quórum', 'Asuntos de los ejes'],
    });
    expect(res.statusCode, res.body).toBe(201);
    ids.meeting = res.json().id;
    const invitations = await t.ctx.db
      .select()
      .from(mailOutbox)
      .where(
        sql`${mailOutbox.subject} like 'Alianza: Convocatoria%' and ${mailOutbox.text} like ${`%${ids.meeting}%`}`,
      );
    expect(invitations.length).toBeGreaterThanOrEqual(2);
    expect(invitations.map((m) => m.to)).toContain('comision.snte@demo.calidad.mx');
    const ics = invitations[0]?.attachments[0];
    expect(ics?.contentType).toContain('text/calendar');
    expect(ics?.content).toContain('BEGIN:VEVENT');
    expect(ics?.content).toContain(`UID:${ids.meeting}@calidad`);

    expectProblem(
      await c('eje1').post(`/api/alliance/syntheses/${ids.synthesis}/schedule`, { meetingId: ids.meeting }),
      403,
    );
    const s = await c('secretariado').post(`/api/alliance/syntheses/${ids.synthesis}/schedule`, {
      meetingId: ids.meeting,
    });
    expect(s.statusCode, s.body).toBe(204);
    expect(await inboxIds('comision.sep')).toContain(`synthesis:${ids.synthesis}`);
  });

  it('the commission cannot decide before the session is held with both sides present', async () => {
    const decision = {
      outcome: 'approved_with_observations',
      sepPosition: 'agree',
      sntePosition: 'agree',
      reasons: 'Se aprueban los lineamientos por consenso.',
      observations: [{ bodyId: bodyId('I.1'), text: 'Presentar calendario de implementación por entidad.' }],
      publish: true,
    };
    expectProblem(
      await c('comision.sep').post(`/api/alliance/syntheses/${ids.synthesis}/decision`, decision),
      409,
      'alliance_meeting_not_held',
    );
    const meeting = (await c('secretariado').get(`/api/alliance/meetings/${ids.meeting}`)).json();
    const sep = meeting.attendance
      .filter((a: { side: string }) => a.side === 'sep')
      .map((a: { person: { id: string } }) => a.person.id);
    const snte = meeting.attendance
      .filter((a: { side: string }) => a.side === 'snte')
      .map((a: { person: { id: string } }) => a.person.id);
    expect(sep.length).toBeGreaterThan(0);
    expect(snte.length).toBe(sep.length);
    // One side alone is no quorum.
    expectProblem(
      await c('secretariado').post(`/api/alliance/meetings/${ids.meeting}/attendance`, { present: sep }),
      422,
      'alliance_quorum_missing',
    );
    expectProblem(
      await c('comision.sep').post(`/api/alliance/meetings/${ids.meeting}/attendance`, {
        present: [...sep, ...snte],
      }),
      403,
    );
    const held = await c('secretariado').post(`/api/alliance/meetings/${ids.meeting}/attendance`, {
      present: [...sep, ...snte],
    });
    expect(held.statusCode, held.body).toBe(204);

    expectProblem(
      await c('comision.sep').post(`/api/alliance/syntheses/${ids.synthesis}/decision`, {
        ...decision,
        outcome: 'approved',
        sntePosition: 'disagree',
      }),
      422,
      'alliance_decision_no_agreement',
    );
    expectProblem(
      await c('comision.sep').post(`/api/alliance/syntheses/${ids.synthesis}/decision`, {
        ...decision,
        observations: [],
      }),
      422,
      'alliance_decision_observations_required',
    );
    expectProblem(
      await c('comision.sep').post(`/api/alliance/syntheses/${ids.synthesis}/decision`, {
        ...decision,
        observations: [{ bodyId: bodyId('II.1'), text: 'Otra mesa' }],
      }),
      422,
      'alliance_observation_body',
    );
    expectProblem(await c('eje1').post(`/api/alliance/syntheses/${ids.synthesis}/decision`, decision), 403);
    const res = await c('comision.sep').post(`/api/alliance/syntheses/${ids.synthesis}/decision`, decision);
    expect(res.statusCode, res.body).toBe(201);
    ids.resolution = res.json().resolutionId;
    expect(ids.resolution).toBeTruthy();
  });

  it('the numbered resolution can never be edited, through the API or in the database', async () => {
    expectProblem(
      await c('comision.sep').patch(`/api/alliance/resolutions/${ids.resolution}`, { title: 'otro' }),
      409,
      'alliance_resolution_immutable',
    );
    expect(
      await dbFailure(
        t.ctx.db.execute(
          sql`update alliance_resolutions set title = 'alterada' where id = ${ids.resolution}`,
        ),
      ),
    ).toMatch(/append-only/);
    expect(
      await dbFailure(
        t.ctx.db.execute(sql`delete from alliance_decisions where synthesis_id = ${ids.synthesis}`),
      ),
    ).toMatch(/append-only/);
  });

  it('the resolution walks back to the synthesis and the pinned document version', async () => {
    const r = (await c('mesa1').get(`/api/alliance/resolutions/${ids.resolution}`)).json();
    expect(r.number).toMatch(/^CR-\d{4}-\d{3}$/);
    expect(r.published).toBe(true);
    expect(r.synthesis.id).toBe(ids.synthesis);
    expect(r.documents).toEqual([expect.objectContaining({ id: ids.doc, versionNumber: 2 })]);
    expect(r.decision).toMatchObject({
      outcome: 'approved_with_observations',
      method: 'consensus',
      sepPosition: 'agree',
      sntePosition: 'agree',
    });
    expect(r.decision.present.map((p: { side: string }) => p.side)).toEqual(
      expect.arrayContaining(['sep', 'snte']),
    );
    const pub = (await t.anonymous().get('/api/alliance/public')).json();
    expect(pub.resolutions.map((x: { number: string }) => x.number)).toContain(r.number);
    expect(JSON.stringify(pub)).not.toMatch(/@demo\.calidad\.mx/);
  });

  it('flows back: the secretariat distributes, the eje informs, the observation becomes a mesa task', async () => {
    expectProblem(await c('eje1').post(`/api/alliance/resolutions/${ids.resolution}/distribute`, {}), 403);
    expect(
      (await c('secretariado').post(`/api/alliance/resolutions/${ids.resolution}/distribute`, {})).statusCode,
    ).toBe(204);
    expectProblem(
      await c('secretariado').post(`/api/alliance/resolutions/${ids.resolution}/inform`, {}),
      403,
    );
    expect((await c('eje1').post(`/api/alliance/resolutions/${ids.resolution}/inform`, {})).statusCode).toBe(
      204,
    );
    const r = (await c('mesa1').get(`/api/alliance/resolutions/${ids.resolution}`)).json();
    const task = r.observations[0]?.task;
    expect(task).toMatchObject({ state: 'open', source: 'observation', body: { code: 'I.1' } });
    ids.task = task.id;
    expect(await inboxIds('mesa1')).toContain(`task:${ids.task}`);
    // Visible all the way up until closed.
    const commission = (
      await c('comision.snte').get(`/api/alliance/bodies/${bodyId('CR')}`)
    ).json() as BodyDetail;
    expect(commission.tasks.map((x) => x.id)).toContain(ids.task);
  });

  it('the mesa closes the observation task only with evidence', async () => {
    expectProblem(await c('mesa2').post(`/api/alliance/tasks/${ids.task}/close`, { comment: 'x' }), 404);
    expectProblem(
      await c('mesa1').post(`/api/alliance/tasks/${ids.task}/close`, {}),
      422,
      'workflow_comment_required',
    );
    const res = await c('mesa1').post(`/api/alliance/tasks/${ids.task}/close`, {
      comment: 'Calendario enviado a las 32 entidades (oficio SEP/ACE/0042).',
    });
    expect(res.statusCode, res.body).toBe(204);
    const r = (await c('comision.sep').get(`/api/alliance/resolutions/${ids.resolution}`)).json();
    expect(r.observations[0].task).toMatchObject({
      state: 'done',
      evidence: expect.stringContaining('oficio'),
    });
    expect(await inboxIds('mesa1')).not.toContain(`task:${ids.task}`);
  });

  it('audited every step with the seat acted under, in order', async () => {
    const rows = await t.ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'alliance_document'), eq(auditLog.entityId, ids.doc as string)))
      .orderBy(asc(auditLog.at));
    expect(rows.map((r) => r.action)).toEqual([
      'alliance.document_create',
      'alliance.document_submit',
      'alliance.document_return',
      'alliance.document_version',
      'alliance.document_submit',
      'alliance.document_validate',
    ]);
    expect(rows[2]?.actorRole).toMatch(/^alliance:I:coordinator/);
  });

  it('a later resolution supersedes the first; the first stays as it was', async () => {
    const res = await c('eje1').post(`/api/alliance/bodies/${bodyId('I')}/syntheses`, {
      title: 'Síntesis: ajuste de lineamientos',
      summary: 'Ajuste del calendario.',
      recommendations: 'Sustituir la resolución anterior.',
      documentIds: [ids.doc],
    });
    const sid = res.json().id;
    await c('eje1').post(`/api/alliance/syntheses/${sid}/send`, {});
    // The first session is already held: a new item goes on a new session's agenda.
    expectProblem(
      await c('secretariado').post(`/api/alliance/syntheses/${sid}/schedule`, { meetingId: ids.meeting }),
      409,
      'alliance_meeting_closed',
    );
    const starts = new Date(Date.now() + 2 * 86_400_000);
    const m = await c('secretariado').post(`/api/alliance/bodies/${bodyId('CR')}/meetings`, {
      kind: 'extraordinary',
      title: 'Sesión extraordinaria de prueba',
      startsAt: starts.toISOString(),
      endsAt: new Date(starts.getTime() + 3_600_000).toISOString(),
      agenda: ['Ajuste de lineamientos'],
    });
    const meetingId = m.json().id;
    expect(
      (await c('secretariado').post(`/api/alliance/syntheses/${sid}/schedule`, { meetingId })).statusCode,
    ).toBe(204);
    const invited = (await c('secretariado').get(`/api/alliance/meetings/${meetingId}`)).json();
    const all = invited.attendance.map((a: { person: { id: string } }) => a.person.id);
    expect(
      (await c('secretariado').post(`/api/alliance/meetings/${meetingId}/attendance`, { present: all }))
        .statusCode,
    ).toBe(204);
    const d = await c('comision.snte').post(`/api/alliance/syntheses/${sid}/decision`, {
      outcome: 'approved',
      sepPosition: 'agree',
      sntePosition: 'agree',
      reasons: 'Se sustituye la resolución anterior.',
      publish: false,
      supersedesResolutionId: ids.resolution,
    });
    expect(d.statusCode, d.body).toBe(201);
    const next = (await c('comision.sep').get(`/api/alliance/resolutions/${d.json().resolutionId}`)).json();
    const first = (await c('comision.sep').get(`/api/alliance/resolutions/${ids.resolution}`)).json();
    expect(next.supersedes).toMatchObject({ id: ids.resolution, number: first.number });
    expect(first.supersededBy).toEqual([{ id: next.id, number: next.number }]);
    expect(next.number).not.toBe(first.number);
  });
});

describe('a synthesis the commission returns', () => {
  it('is revised by the eje, keeping what it said before in the timeline, and sent again', async () => {
    const doc = (
      await c('mesa1').post(`/api/alliance/bodies/${bodyId('I.1')}/documents`, {
        kind: 'strategy',
        title: 'Estrategia de mantenimiento preventivo',
        body: 'Versión 1.',
      })
    ).json().id;
    await c('mesa1').post(`/api/alliance/documents/${doc}/submit`, {});
    await c('eje1').post(`/api/alliance/documents/${doc}/validate`, {});
    const sid = (
      await c('eje1').post(`/api/alliance/bodies/${bodyId('I')}/syntheses`, {
        title: 'Síntesis: mantenimiento',
        summary: 'Primera redacción.',
        recommendations: 'Aprobar.',
        documentIds: [doc],
      })
    ).json().id;
    await c('eje1').post(`/api/alliance/syntheses/${sid}/send`, {});
    const starts = new Date(Date.now() + 3 * 86_400_000);
    const meetingId = (
      await c('secretariado').post(`/api/alliance/bodies/${bodyId('CR')}/meetings`, {
        kind: 'ordinary',
        title: 'Sesión para devolver',
        startsAt: starts.toISOString(),
        endsAt: new Date(starts.getTime() + 3_600_000).toISOString(),
        agenda: ['Mantenimiento'],
      })
    ).json().id;
    await c('secretariado').post(`/api/alliance/syntheses/${sid}/schedule`, { meetingId });
    const m = (await c('secretariado').get(`/api/alliance/meetings/${meetingId}`)).json();
    await c('secretariado').post(`/api/alliance/meetings/${meetingId}/attendance`, {
      present: m.attendance.map((a: { person: { id: string } }) => a.person.id),
    });
    const detail = (await c('comision.sep').get(`/api/alliance/syntheses/${sid}`)).json();
    expect(detail.meeting).toMatchObject({ id: meetingId, state: 'held' });
    const decision = {
      outcome: 'returned',
      sepPosition: 'agree',
      sntePosition: 'agree',
      reasons: 'Falta el costo estimado por entidad.',
    };
    expectProblem(
      await c('comision.sep').post(`/api/alliance/syntheses/${sid}/decision`, {
        ...decision,
        expectedVersion: detail.workflow.version - 1,
      }),
      409,
      'workflow_stale',
    );
    const returned = await c('comision.sep').post(`/api/alliance/syntheses/${sid}/decision`, {
      ...decision,
      expectedVersion: detail.workflow.version,
    });
    expect(returned.statusCode, returned.body).toBe(201);
    expect(returned.json().resolutionId).toBeNull();
    const revision = {
      title: 'Síntesis: mantenimiento (revisada)',
      summary: 'Con costo por entidad.',
      recommendations: 'Aprobar.',
    };
    expectProblem(
      await c('mesa1').request({ method: 'PUT', url: `/api/alliance/syntheses/${sid}`, payload: revision }),
      403,
    );
    const revised = await c('eje1').request({
      method: 'PUT',
      url: `/api/alliance/syntheses/${sid}`,
      payload: revision,
    });
    expect(revised.statusCode, revised.body).toBe(204);
    expect((await c('eje1').post(`/api/alliance/syntheses/${sid}/send`, {})).statusCode).toBe(204);
    const after = (await c('eje1').get(`/api/alliance/syntheses/${sid}`)).json();
    expect(after).toMatchObject({ title: revision.title, summary: revision.summary, state: 'sent' });
    expect(after.workflow.timeline.map((e: { action: string }) => e.action)).toEqual([
      'create',
      'send',
      'schedule',
      'return',
      'revise',
      'send',
    ]);
    expectProblem(
      await c('eje1').request({ method: 'PUT', url: `/api/alliance/syntheses/${sid}`, payload: revision }),
      409,
    );
  });

  it('tasks link back to the resolution or the session that created them', async () => {
    const mine = (await c('mesa1').get(`/api/alliance/bodies/${bodyId('I.1')}`)).json() as BodyDetail;
    const fromObservation = mine.tasks.find((x) => x.source === 'observation');
    const fromMinutes = mine.tasks.find((x) => x.source === 'minutes');
    expect(fromObservation?.resolutionId).toBeTruthy();
    expect(fromMinutes?.meetingId).toBeTruthy();
  });
});

describe('meetings of a mesa: parity, quorum, minutes and agreed tasks', () => {
  it('a mesa session is held with quorum, its minutes approved, and agreed tasks assigned', async () => {
    const starts = new Date(Date.now() - 3_600_000);
    const res = await c('mesa1').post(`/api/alliance/bodies/${bodyId('I.1')}/meetings`, {
      kind: 'ordinary',
      title: 'Sesión de trabajo de la mesa I.1',
      startsAt: starts.toISOString(),
      endsAt: new Date(starts.getTime() + 3_600_000).toISOString(),
      link: 'https://reuniones.example.mx/mesa-i1',
      agenda: ['Revisión de avances'],
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id;
    expectProblem(
      await c('mesa1.snte').post(`/api/alliance/meetings/${id}/attendance`, { present: [] }),
      403,
    );
    const m = (await c('mesa1').get(`/api/alliance/meetings/${id}`)).json();
    const everyone = m.attendance.map((a: { person: { id: string } }) => a.person.id);
    expect(
      (await c('mesa1').post(`/api/alliance/meetings/${id}/attendance`, { present: everyone })).statusCode,
    ).toBe(204);
    const snteMember = m.attendance.find(
      (a: { person: { name: string }; side: string }) => a.side === 'snte',
    );
    const approve = await c('mesa1').post(`/api/alliance/meetings/${id}/approve-minutes`, {
      minutes: 'Se revisaron los avances de la meta de rehabilitación.',
      tasks: [
        { title: 'Integrar el informe trimestral', responsibleId: snteMember.person.id, dueOn: '2027-01-15' },
      ],
    });
    expect(approve.statusCode, approve.body).toBe(204);
    const after = (await c('mesa1').get(`/api/alliance/meetings/${id}`)).json();
    expect(after.state).toBe('minutes_approved');
    expect(after.tasks).toEqual([
      expect.objectContaining({ title: 'Integrar el informe trimestral', state: 'open' }),
    ]);
    expectProblem(
      await c('mesa1').request({
        method: 'PUT',
        url: `/api/alliance/meetings/${id}/minutes`,
        payload: { minutes: 'cambio' },
      }),
      409,
    );
  });

  it('a body without parity cannot hold a decision-making session, and says why', async () => {
    const v2 = (await c('comision.sep').get(`/api/alliance/bodies/${bodyId('V.2')}`)).json() as BodyDetail;
    expect(v2.parity).toMatchObject({ ok: false, problem: 'unequal' });
    const coordinator = v2.seats.find((s) => s.position === 'coordinator');
    expect(coordinator).toBeTruthy();
    const v2c = await t.login(coordinator?.person.email as string);
    const starts = new Date(Date.now() - 3_600_000);
    const res = await v2c.post(`/api/alliance/bodies/${bodyId('V.2')}/meetings`, {
      kind: 'ordinary',
      title: 'Sesión sin paridad',
      startsAt: starts.toISOString(),
      endsAt: new Date(starts.getTime() + 3_600_000).toISOString(),
      agenda: ['Acuerdos'],
    });
    expect(res.statusCode, res.body).toBe(201);
    const m = (await v2c.get(`/api/alliance/meetings/${res.json().id}`)).json();
    const all = m.attendance.map((a: { person: { id: string } }) => a.person.id);
    const refused = await v2c.post(`/api/alliance/meetings/${res.json().id}/attendance`, { present: all });
    expectProblem(refused, 422, 'alliance_parity_broken');
    expect(refused.json().detail).toMatch(/SEP 3, SNTE 2/);
  });
});

describe('deadline reminders', () => {
  it('e-mails each open task and unmet deliverable once as its date approaches', async () => {
    const { sendDueReminders } = await import('../../src/server/modules/alliance/reminders.ts');
    const before = await t.ctx.db
      .select()
      .from(mailOutbox)
      .where(sql`${mailOutbox.subject} like '%próxima a vencer%'`);
    const first = await sendDueReminders(t.ctx, '2099-01-01');
    expect(first.tasks).toBeGreaterThan(0);
    expect(first.deliverables).toBeGreaterThan(0);
    const after = await t.ctx.db
      .select()
      .from(mailOutbox)
      .where(sql`${mailOutbox.subject} like '%próxima a vencer%'`);
    expect(after.length).toBeGreaterThanOrEqual(before.length + first.tasks + first.deliverables);
    expect(await sendDueReminders(t.ctx, '2099-01-01')).toEqual({ tasks: 0, deliverables: 0 });
  });
});

describe('my seats', () => {
  it('are part of /api/me, so a person with seats and no org role sees their functions', async () => {
    const me = (await c('mesa1').get('/api/me')).json();
    expect(me.assignments).toEqual([]);
    expect(me.seats).toContainEqual({
      body: expect.objectContaining({ code: 'I.1' }),
      side: 'sep',
      position: 'coordinator',
    });
    expect((await c('director').get('/api/me')).json().seats).toEqual([]);
  });
});
