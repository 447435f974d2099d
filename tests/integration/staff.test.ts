import { and, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SchoolStaff } from '../../src/contract/staff.ts';
import { orgUnits } from '../../src/server/modules/org/schema.ts';
import { auditLog } from '../../src/server/platform/audit/schema.ts';
import { mailOutbox } from '../../src/server/platform/mail/schema.ts';
import { type Client, startTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
const unit: Record<string, { id: number; path: string }> = {};

async function unitByCode(kind: string, code: string, under?: string) {
  const rows = await t.ctx.db.select().from(orgUnits).where(eq(orgUnits.code, code));
  const row = rows.find((r) => r.kind === kind && (!under || r.path.startsWith(under)));
  if (!row) throw new Error(`no ${kind} ${code}`);
  return row;
}

const id = (name: string) => {
  const u = unit[name];
  if (!u) throw new Error(name);
  return u.id;
};

beforeAll(async () => {
  t = await startTestApp();
  const jalisco = await unitByCode('state', '14');
  unit.zone1 = await unitByCode('zone', '001', jalisco.path);
  unit.zone2 = await unitByCode('zone', '002', jalisco.path);
  unit.school = await unitByCode('school', '14DPR0001A');
  unit.sibling = await unitByCode('school', '14DPR0002Z');
  unit.otherZoneSchool = await unitByCode('school', '14DPR0004X');
  unit.otherSectorSchool = await unitByCode('school', '14DPR0006V');
  unit.morelosSchool = await unitByCode('school', '17DPR0101K');
});
afterAll(() => t?.close());

const login = (who: string) => t.login(`${who}@demo.calidad.mx`);
const staffOf = async (c: Client, unitName: string) => c.get(`/api/org/units/${id(unitName)}/staff`);
const emails = (list: { email: string }[]) => list.map((p) => p.email);

async function auditCount() {
  const [row] = await t.ctx.db.select({ n: count() }).from(auditLog);
  return row?.n ?? 0;
}

/** Accepts an invitation through the link in the outbox, as the invited person would. */
async function acceptInvite(email: string, password: string): Promise<Client> {
  const [m] = await t.ctx.db
    .select()
    .from(mailOutbox)
    .where(eq(mailOutbox.to, email))
    .orderBy(sql`${mailOutbox.createdAt} desc`)
    .limit(1);
  const token = m?.text.match(/token=([\w-]+)/)?.[1];
  if (!token) throw new Error(`no link mailed to ${email}`);
  const res = await t
    .anonymous()
    .post('/api/auth/password-reset/confirm', { token: decodeURIComponent(token), password });
  expect(res.statusCode, res.body).toBe(200);
  return t.login(email, password);
}

describe('reading a school staff', () => {
  it('lists the staff by role and the accompaniment from zone and sector', async () => {
    const res = await staffOf(await login('director'), 'school');
    expect(res.statusCode, res.body).toBe(200);
    const body: SchoolStaff = res.json();
    expect(body.unit).toMatchObject({ id: id('school'), kind: 'school', code: '14DPR0001A' });
    expect(body.staff.school_director).toEqual([
      expect.objectContaining({
        name: 'Diego Director Hernández',
        email: 'director@demo.calidad.mx',
        status: 'active',
        role: 'school_director',
        assignmentId: expect.any(String),
        userId: expect.any(String),
      }),
    ]);
    expect(emails(body.staff.teacher)).toEqual(['docente@demo.calidad.mx']);
    expect(emails(body.staff.parent)).toEqual(['padre@demo.calidad.mx']);
    expect(body.accompaniment).toEqual([
      {
        name: 'Sofía Supervisora Méndez',
        role: 'zone_supervisor',
        unit: expect.objectContaining({ id: id('zone1') }),
      },
      { name: 'Sergio Sector López', role: 'sector_head', unit: expect.objectContaining({ kind: 'sector' }) },
    ]);
    // Above the school only name and role: no e-mail of the supervisor or the sector head.
    expect(JSON.stringify(body.accompaniment)).not.toContain('@');
    expect(body.canGrant).toEqual(['teacher', 'parent']);
  });

  it('tells each reader which staff roles they may grant there', async () => {
    const grants = async (who: string, school: string) =>
      ((await staffOf(await login(who), school)).json() as SchoolStaff).canGrant;
    expect(await grants('supervisor', 'sibling')).toEqual(['school_director', 'teacher', 'parent']);
    expect(await grants('sector', 'otherZoneSchool')).toEqual(['school_director', 'teacher', 'parent']);
    expect(await grants('estatal.jal', 'school')).toEqual(['school_director', 'teacher', 'parent']);
    expect(await grants('auditor', 'morelosSchool')).toEqual([]);
  });

  it('answers 404 for a unit that is not a school', async () => {
    const res = await (await login('supervisor')).get(`/api/org/units/${id('zone1')}/staff`);
    expect(res.statusCode).toBe(404);
  });

  it('refuses teachers, parents and evaluators, who may not read people', async () => {
    for (const who of ['docente', 'padre', 'evaluador']) {
      const res = await staffOf(await login(who), 'school');
      expect(res.statusCode, who).toBe(403);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('hides schools outside the reader scope as not found', async () => {
    const cases: [string, string][] = [
      ['director', 'sibling'],
      ['supervisor', 'otherZoneSchool'],
      ['sector', 'otherSectorSchool'],
      ['estatal.mor', 'school'],
      ['estatal.jal', 'morelosSchool'],
    ];
    for (const [who, school] of cases) {
      expect((await staffOf(await login(who), school)).statusCode, `${who} ${school}`).toBe(404);
    }
  });
});

describe('managing a school staff', () => {
  it('a director invites a teacher: listed, mailed and audited', async () => {
    const director = await login('director');
    const res = await director.post('/api/users/invite', {
      email: 'maestro.staff@ejemplo.mx',
      name: 'Mario Maestro Staff',
      role: 'teacher',
      unitId: id('school'),
    });
    expect(res.statusCode, res.body).toBe(201);
    const userId = res.json().id;
    const body: SchoolStaff = (await staffOf(director, 'school')).json();
    expect(body.staff.teacher).toContainEqual(
      expect.objectContaining({ userId, email: 'maestro.staff@ejemplo.mx', status: 'invited' }),
    );
    const mails = await t.ctx.db
      .select()
      .from(mailOutbox)
      .where(eq(mailOutbox.to, 'maestro.staff@ejemplo.mx'));
    expect(mails).toHaveLength(1);
    expect(mails[0]?.text).toContain('token=');
    const [invite] = await t.ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'user.invite'), eq(auditLog.entityId, userId)));
    expect(invite).toMatchObject({ actorRole: 'school_director', unitPath: unit.school?.path });
  });

  it('a director invites a CEPS member and removes them again', async () => {
    const director = await login('director');
    const res = await director.post('/api/users/invite', {
      email: 'integrante.ceps@ejemplo.mx',
      name: 'Irma Integrante del Consejo',
      role: 'parent',
      unitId: id('school'),
    });
    expect(res.statusCode, res.body).toBe(201);
    const member = ((await staffOf(director, 'school')).json() as SchoolStaff).staff.parent.find(
      (p) => p.email === 'integrante.ceps@ejemplo.mx',
    );
    if (!member) throw new Error('CEPS member not listed');
    const del = await director.delete(`/api/users/${member.userId}/roles/${member.assignmentId}`);
    expect(del.statusCode, del.body).toBe(200);
    const after: SchoolStaff = (await staffOf(director, 'school')).json();
    expect(emails(after.staff.parent)).toEqual(['padre@demo.calidad.mx']);
    const [revoke] = await t.ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'user.role_revoke'), eq(auditLog.entityId, member.assignmentId)));
    expect(revoke).toMatchObject({ actorRole: 'school_director' });
  });

  it('a director can neither record nor remove a director', async () => {
    const director = await login('director');
    const before = await auditCount();
    const invite = await director.post('/api/users/invite', {
      email: 'otra.directora@ejemplo.mx',
      name: 'Otra Directora',
      role: 'school_director',
      unitId: id('school'),
    });
    expect(invite.statusCode).toBe(403);
    expect(invite.json().code).toBe('role_not_grantable');
    const own = ((await staffOf(director, 'school')).json() as SchoolStaff).staff.school_director[0];
    if (!own) throw new Error('no director listed');
    const revoke = await director.delete(`/api/users/${own.userId}/roles/${own.assignmentId}`);
    expect(revoke.statusCode).toBe(403);
    expect(await auditCount()).toBe(before);
  });

  it('a supervisor records a director, then replaces them', async () => {
    const supervisor = await login('supervisor');
    const first = await supervisor.post('/api/users/invite', {
      email: 'directora.uno@ejemplo.mx',
      name: 'Dolores Directora Uno',
      role: 'school_director',
      unitId: id('sibling'),
    });
    expect(first.statusCode, first.body).toBe(201);
    let body: SchoolStaff = (await staffOf(supervisor, 'sibling')).json();
    expect(emails(body.staff.school_director)).toEqual(['directora.uno@ejemplo.mx']);
    const old = body.staff.school_director[0];
    if (!old) throw new Error('no director listed');

    // Replacing is grant the new one, then revoke the old assignment, as the school page does.
    const second = await supervisor.post('/api/users/invite', {
      email: 'director.dos@ejemplo.mx',
      name: 'Damián Director Dos',
      role: 'school_director',
      unitId: id('sibling'),
    });
    expect(second.statusCode, second.body).toBe(201);
    const del = await supervisor.delete(`/api/users/${old.userId}/roles/${old.assignmentId}`);
    expect(del.statusCode, del.body).toBe(200);
    body = (await staffOf(supervisor, 'sibling')).json();
    expect(emails(body.staff.school_director)).toEqual(['director.dos@ejemplo.mx']);
    const [grant] = await t.ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'user.role_revoke'), eq(auditLog.entityId, old.assignmentId)));
    expect(grant).toMatchObject({ actorRole: 'zone_supervisor' });
  });

  it('a teacher cannot invite anyone onto their school', async () => {
    const teacher = await login('docente');
    // Signing in writes an audit entry; count after it.
    const before = await auditCount();
    const res = await teacher.post('/api/users/invite', {
      email: 'colado@ejemplo.mx',
      name: 'Alguien Colado',
      role: 'teacher',
      unitId: id('school'),
    });
    expect(res.statusCode).toBe(403);
    expect(await auditCount()).toBe(before);
  });
});

describe('out of scope', () => {
  it('a director of another school, a supervisor of another zone and another state are refused', async () => {
    // A director of the sibling school (recorded above) and a supervisor of zone 002, signed in.
    const otherDirector = await acceptInvite('director.dos@ejemplo.mx', 'clave-director-dos');
    const jal = await login('estatal.jal');
    const sup = await jal.post('/api/users/invite', {
      email: 'supervisor.zapopan@ejemplo.mx',
      name: 'Susana Supervisora Zapopan',
      role: 'zone_supervisor',
      unitId: id('zone2'),
    });
    expect(sup.statusCode, sup.body).toBe(201);
    const otherSupervisor = await acceptInvite('supervisor.zapopan@ejemplo.mx', 'clave-supervisora-002');
    const otherState = await login('estatal.mor');

    // Their own schools are theirs to read…
    expect((await staffOf(otherDirector, 'sibling')).statusCode).toBe(200);
    const zapopan: SchoolStaff = (await staffOf(otherSupervisor, 'otherZoneSchool')).json();
    expect(zapopan.accompaniment.map((c) => c.name)).toContain('Susana Supervisora Zapopan');
    expect((await staffOf(otherState, 'morelosSchool')).statusCode).toBe(200);

    // …the Benito Juárez school is not: not found, and nothing is written.
    const before = await auditCount();
    let n = 0;
    for (const c of [otherDirector, otherSupervisor, otherState]) {
      expect((await staffOf(c, 'school')).statusCode).toBe(404);
      const invite = await c.post('/api/users/invite', {
        email: `intruso${++n}@ejemplo.mx`,
        name: 'Persona Intrusa',
        role: 'teacher',
        unitId: id('school'),
      });
      expect(invite.statusCode, invite.body).toBe(404);
    }
    expect(await auditCount()).toBe(before);
    const mails = await t.ctx.db
      .select({ n: count() })
      .from(mailOutbox)
      .where(sql`${mailOutbox.to} like 'intruso%'`);
    expect(mails[0]?.n).toBe(0);
  });

  it('a disabled supervisor no longer accompanies the school', async () => {
    const jal = await login('estatal.jal');
    const users = (await jal.get('/api/users?q=supervisor.zapopan%40ejemplo')).json();
    const target = users.items[0];
    expect(target?.email).toBe('supervisor.zapopan@ejemplo.mx');
    expect((await jal.patch(`/api/users/${target.id}/status`, { status: 'disabled' })).statusCode).toBe(200);
    const body: SchoolStaff = (await staffOf(jal, 'otherZoneSchool')).json();
    expect(body.accompaniment.map((c) => c.name)).not.toContain('Susana Supervisora Zapopan');
  });
});
