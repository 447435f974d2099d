import { count, eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Inbox, Overview, PublicAlliance } from '../../src/contract/alliance.ts';
import { initialiseIfEmpty, openRuntime } from '../../src/server/bootstrap.ts';
import { loadConfig } from '../../src/server/config.ts';
import { seedAllianceSkeleton } from '../../src/server/demo/alliance.ts';
import { DEMO_ALLIANCE_USERS } from '../../src/server/demo/data.ts';
import { allianceBodies } from '../../src/server/modules/alliance/schema.ts';
import { auditLog } from '../../src/server/platform/audit/schema.ts';
import { verifyAuditTrail } from '../../src/server/platform/audit/verify.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

type InboxItem = Inbox['items'][number];

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

async function inboxOf(email: string): Promise<InboxItem[]> {
  const c = await t.login(email);
  const res = await c.get('/api/alliance/inbox');
  expect(res.statusCode).toBe(200);
  return (res.json() as Inbox).items;
}

describe('Alianza demo data', () => {
  it('has the seed structure: five ejes with 6, 7, 5, 2 and 2 mesas', async () => {
    const c = await t.login('comision.sep@demo.calidad.mx');
    const res = await c.get('/api/alliance/overview');
    expect(res.statusCode).toBe(200);
    const o = res.json() as Overview;
    expect(o.commission.code).toBe('CR');
    expect(o.commission.name).toBe('Comisión Rectora de la Alianza');
    expect(o.secretariat?.code).toBe('ST');
    expect(o.ejes.map((e) => e.code)).toEqual(['I', 'II', 'III', 'IV', 'V']);
    expect(o.ejes.map((e) => e.mesas.length)).toEqual([6, 7, 5, 2, 2]);
    expect(o.ejes[0]?.mesas.map((m) => m.code)).toEqual(['I.1', 'I.2', 'I.3', 'I.4', 'I.5', 'I.6']);
    for (const m of o.ejes.flatMap((e) => e.mesas)) expect(m.acuerdo).toBeTruthy();
    expect(o.me.seats).toEqual([
      { body: expect.objectContaining({ code: 'CR' }), side: 'sep', position: 'coordinator' },
    ]);
  });

  it('keeps parity on every body except mesa V.2 (3 SEP, 2 SNTE)', async () => {
    const c = await t.login('secretariado@demo.calidad.mx');
    const o = (await c.get('/api/alliance/overview')).json() as Overview;
    const all = [
      o.commission,
      ...(o.secretariat ? [o.secretariat] : []),
      ...o.ejes,
      ...o.ejes.flatMap((e) => e.mesas),
    ];
    expect(all).toHaveLength(2 + 5 + 22);
    for (const b of all) {
      if (b.code === 'V.2') {
        expect(b.parity).toEqual({ sep: 3, snte: 2, ok: false, problem: 'unequal' });
      } else {
        expect(b.parity.ok, `${b.code} ${JSON.stringify(b.parity)}`).toBe(true);
        if (b.kind === 'eje' || b.kind === 'mesa') expect([3, 4]).toContain(b.parity.sep);
      }
    }
    expect(o.commission.parity).toMatchObject({ sep: 3, snte: 3 });
    expect(o.secretariat?.parity).toMatchObject({ sep: 1, snte: 1 });
  });

  it('gives every named login real work waiting', async () => {
    const kinds = (items: InboxItem[]) => items.map((i) => `${i.kind}:${i.state}:${i.body.code}`);

    const secretariado = await inboxOf('secretariado@demo.calidad.mx');
    expect(kinds(secretariado)).toContain('synthesis:sent:II');

    const comision = await inboxOf('comision.sep@demo.calidad.mx');
    expect(kinds(comision)).toContain('synthesis:on_agenda:I');
    expect(kinds(await inboxOf('comision.snte@demo.calidad.mx'))).toContain('synthesis:on_agenda:I');

    const eje1 = await inboxOf('eje1@demo.calidad.mx');
    expect(kinds(eje1).filter((k) => k === 'document:submitted:I.1')).toHaveLength(2);

    const mesa1 = await inboxOf('mesa1@demo.calidad.mx');
    expect(kinds(mesa1)).toEqual(
      expect.arrayContaining(['task:open:I.1', 'document:draft:I.1', 'meeting:convened:I.1']),
    );

    const mesa1Snte = await inboxOf('mesa1.snte@demo.calidad.mx');
    const task = mesa1Snte.find((i) => i.kind === 'task');
    expect(task).toMatchObject({ state: 'open', overdue: true, body: { code: 'I.1' } });

    const mesa2 = await inboxOf('mesa2@demo.calidad.mx');
    expect(kinds(mesa2)).toContain('task:in_progress:II.1');

    // The coordinator of mesa I.2 (one of the crowd) has the overdue deadline eje I set.
    const o = (
      await (await t.login('comision.sep@demo.calidad.mx')).get('/api/alliance/overview')
    ).json() as Overview;
    const i2 = o.ejes[0]?.mesas[1];
    expect(i2?.rollup.overdueDeliverables).toBe(1);
    const detail = (
      await (await t.login('comision.sep@demo.calidad.mx')).get(`/api/alliance/bodies/${i2?.id}`)
    ).json();
    const coordinator = detail.seats.find((s: { position: string }) => s.position === 'coordinator');
    const items = await inboxOf(coordinator.person.email);
    expect(items.find((i) => i.kind === 'deliverable')).toMatchObject({
      overdue: true,
      body: { code: 'I.2' },
    });
  });

  it('shows the returned → submitted history and a v2 on the resubmitted document', async () => {
    const c = await t.login('eje1@demo.calidad.mx');
    const items = (await c.get('/api/alliance/inbox')).json() as Inbox;
    const ids = items.items.filter((i) => i.kind === 'document').map((i) => i.id);
    const docs = await Promise.all(
      ids.map(async (id) => (await c.get(`/api/alliance/documents/${id}`)).json()),
    );
    const resubmitted = docs.find((d) => d.versions === 2);
    expect(resubmitted).toBeDefined();
    const steps = resubmitted.workflow.timeline.map(
      (e: { action: string; toState: string }) => `${e.action}>${e.toState}`,
    );
    expect(steps).toEqual([
      'create>draft',
      'submit>submitted',
      'return>returned',
      'new_version>returned',
      'submit>submitted',
    ]);
    const returned = resubmitted.workflow.timeline[2];
    expect(returned.comment).toContain('entidad federativa');
    expect(returned.actingAs).toMatchObject({ bodyCode: 'I', position: 'coordinator', side: 'sep' });
  });

  it('keeps mesa II.1 out of eje I’s reach', async () => {
    const eje1 = await t.login('eje1@demo.calidad.mx');
    const mesa2 = await t.login('mesa2@demo.calidad.mx');
    const o = (await mesa2.get('/api/alliance/overview')).json() as Overview;
    const ii1 = o.ejes[1]?.mesas[0];
    expect(ii1?.code).toBe('II.1');
    expect((await eje1.get(`/api/alliance/bodies/${ii1?.id}`)).statusCode).toBe(404);
    expect((await mesa2.get(`/api/alliance/bodies/${ii1?.id}`)).statusCode).toBe(200);
  });

  it('sent the invitations with their calendar files to the dev outbox', async () => {
    const { mailOutbox } = await import('../../src/server/platform/mail/schema.ts');
    const rows = await t.ctx.db.select().from(mailOutbox);
    const invitations = rows.filter((r) => r.to === 'mesa1.snte@demo.calidad.mx' && r.attachments.length > 0);
    expect(invitations.length).toBeGreaterThanOrEqual(2);
    expect(invitations[0]?.attachments[0]?.content).toContain('BEGIN:VCALENDAR');
    expect(rows.every((r) => r.transport === 'outbox')).toBe(true);
  });

  it('publishes the two resolutions and no one’s e-mail', async () => {
    const res = await t.anonymous().get('/api/alliance/public');
    expect(res.statusCode).toBe(200);
    const p = res.json() as PublicAlliance;
    const year = new Date().getFullYear();
    expect(p.resolutions.map((r) => r.number).sort()).toEqual([`CR-${year}-001`, `CR-${year}-002`]);
    expect(p.resolutions.map((r) => r.eje).sort()).toEqual(['I', 'II']);
    expect(res.body).not.toContain('@');
    const metas = p.ejes.flatMap((e) => e.acuerdos.flatMap((a) => a.metas));
    expect(metas.length).toBeGreaterThanOrEqual(22);
    expect(metas.every((m) => m.normativeAnchor && m.latest)).toBe(true);
  });

  it('leaves an intact audit trail, and every named login signs in', async () => {
    expect((await verifyAuditTrail(t.ctx.db)).ok).toBe(true);
    for (const u of DEMO_ALLIANCE_USERS) {
      const c = await t.login(u.email);
      const me = await c.get('/api/me');
      expect(me.statusCode).toBe(200);
    }
  });

  it('seeds the skeleton once: a second start adds nothing', async () => {
    const bodies = async () => (await t.ctx.db.select({ n: count() }).from(allianceBodies))[0]?.n;
    const before = await bodies();
    expect(before).toBe(2 + 5 + 22);
    const again = await t.ctx.db.transaction((tx) => seedAllianceSkeleton(tx));
    expect([again.commission.code, again.secretariat.code]).toEqual(['CR', 'ST']);
    expect(again.secretariat.parentId).toBe(again.commission.id);
    expect(await initialiseIfEmpty(t.ctx)).toBeNull();
    expect(await bodies()).toBe(before);
  });
});

describe('an installation without demo data', () => {
  it('still gets the Comisión Rectora and the Secretariado Técnico, audited', async () => {
    const cfg = loadConfig({ DATA_DIR: 'memory://', DEMO: 'false', LOG_LEVEL: 'silent' });
    const rt = await openRuntime(cfg, pino({ level: 'silent' }));
    try {
      expect(await initialiseIfEmpty(rt.ctx)).toBeNull();
      const rows = await rt.ctx.db.select().from(allianceBodies).orderBy(allianceBodies.id);
      expect(rows.map((b) => [b.kind, b.code, b.name])).toEqual([
        ['commission', 'CR', 'Comisión Rectora de la Alianza'],
        ['secretariat', 'ST', 'Secretariado Técnico SEP-SNTE'],
      ]);
      const [cr, st] = rows;
      expect(cr?.path).toBe(`/${cr?.id}/`);
      expect(st?.path).toBe(`/${cr?.id}/${st?.id}/`);
      const audit = await rt.ctx.db
        .select()
        .from(auditLog)
        .where(eq(auditLog.action, 'alliance.body_create'))
        .orderBy(auditLog.id);
      expect(audit.map((a) => [a.actorRole, a.entityId])).toEqual([
        ['system', String(cr?.id)],
        ['system', String(st?.id)],
      ]);
      expect((await verifyAuditTrail(rt.ctx.db)).ok).toBe(true);
    } finally {
      await rt.close();
    }
  });
});
