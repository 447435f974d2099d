import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgUnits } from '../../src/server/modules/org/schema.ts';
import { auditLog } from '../../src/server/platform/audit/schema.ts';
import { users } from '../../src/server/platform/auth/schema.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
const unit: Record<string, { id: number; name: string; path: string }> = {};

async function unitByCode(kind: string, code: string, under?: string) {
  const rows = await t.ctx.db.select().from(orgUnits).where(eq(orgUnits.code, code));
  const row = rows.find((r) => r.kind === kind && (!under || r.path.startsWith(under)));
  if (!row) throw new Error(`no ${kind} ${code}`);
  return row;
}

beforeAll(async () => {
  t = await startTestApp();
  unit.jalisco = await unitByCode('state', '14');
  unit.morelos = await unitByCode('state', '17');
  unit.sector1 = await unitByCode('sector', '01', unit.jalisco.path);
  unit.zone1 = await unitByCode('zone', '001');
  unit.zone2 = await unitByCode('zone', '002');
  unit.school = await unitByCode('school', '14DPR0001A');
  unit.sibling = await unitByCode('school', '14DPR0002Z');
  unit.otherZoneSchool = await unitByCode('school', '14DPR0004X');
  unit.otherSectorSchool = await unitByCode('school', '14DPR0006V');
  unit.morelosSchool = await unitByCode('school', '17DPR0101K');
});
afterAll(() => t?.close());

async function snapshot() {
  const [a] = await t.ctx.db.select({ n: count() }).from(auditLog);
  const [u] = await t.ctx.db.select({ n: count() }).from(users);
  const units = await t.ctx.db
    .select({ id: orgUnits.id, name: orgUnits.name, active: orgUnits.active })
    .from(orgUnits);
  return { audit: a?.n, users: u?.n, units: JSON.stringify(units.sort((x, y) => x.id - y.id)) };
}

type Op = 'read' | 'children' | 'rename' | 'invite-teacher' | 'staff';
/** [who, operation, target, allowed] — each checked against real records. */
const CASES: [string, Op, string, boolean][] = [
  ['estatal.mor', 'read', 'morelosSchool', true],
  ['estatal.mor', 'read', 'school', false],
  ['estatal.mor', 'children', 'jalisco', false],
  ['estatal.mor', 'rename', 'school', false],
  ['estatal.mor', 'invite-teacher', 'school', false],
  ['estatal.jal', 'rename', 'school', true],
  ['estatal.jal', 'invite-teacher', 'morelosSchool', false],
  ['sector', 'read', 'otherZoneSchool', true],
  ['sector', 'read', 'otherSectorSchool', false],
  ['sector', 'rename', 'school', false],
  ['supervisor', 'read', 'sibling', true],
  ['supervisor', 'read', 'otherZoneSchool', false],
  ['supervisor', 'invite-teacher', 'sibling', true],
  ['supervisor', 'invite-teacher', 'otherZoneSchool', false],
  ['director', 'read', 'school', true],
  ['director', 'read', 'sibling', false],
  ['director', 'children', 'zone1', false],
  ['director', 'invite-teacher', 'school', true],
  ['director', 'invite-teacher', 'sibling', false],
  ['docente', 'read', 'school', true],
  ['docente', 'read', 'sibling', false],
  ['docente', 'invite-teacher', 'school', false],
  ['padre', 'rename', 'school', false],
  ['evaluador', 'read', 'otherSectorSchool', true],
  ['evaluador', 'read', 'morelosSchool', false],
  ['evaluador', 'rename', 'school', false],
  ['auditor', 'read', 'morelosSchool', true],
  ['auditor', 'rename', 'school', false],
  ['auditor', 'invite-teacher', 'school', false],
  ['nacional', 'rename', 'morelosSchool', true],
  ['admin', 'invite-teacher', 'morelosSchool', true],
  ['director', 'staff', 'school', true],
  ['director', 'staff', 'sibling', false],
  ['supervisor', 'staff', 'sibling', true],
  ['supervisor', 'staff', 'otherZoneSchool', false],
  ['sector', 'staff', 'otherSectorSchool', false],
  ['estatal.mor', 'staff', 'school', false],
  ['docente', 'staff', 'school', false],
  ['evaluador', 'staff', 'school', false],
  ['auditor', 'staff', 'morelosSchool', true],
];

let n = 0;
describe.each(CASES)('%s %s %s', (who, op, target, allowed) => {
  it(allowed ? 'is allowed' : 'is refused and changes nothing', async () => {
    const c = await t.login(`${who}@demo.calidad.mx`);
    const u = unit[target];
    if (!u) throw new Error(target);
    const before = await snapshot();
    n++;
    const res =
      op === 'read'
        ? await c.get(`/api/org/units/${u.id}`)
        : op === 'children'
          ? await c.get(`/api/org/units?parentId=${u.id}`)
          : op === 'staff'
            ? await c.get(`/api/org/units/${u.id}/staff`)
            : op === 'rename'
              ? await c.patch(`/api/org/units/${u.id}`, { name: `${u.name} (${n})` })
              : await c.post('/api/users/invite', {
                  email: `invitado${n}@ejemplo.mx`,
                  name: 'Persona Invitada',
                  role: 'teacher',
                  unitId: u.id,
                });
    if (allowed) {
      expect(res.statusCode, res.body).toBeLessThan(300);
    } else {
      expect([403, 404], res.body).toContain(res.statusCode);
      expect(res.headers['content-type']).toContain('application/problem+json');
      // Login itself writes an audit entry; compare after it.
      expect(await snapshot()).toEqual(before);
    }
  });
});

describe('role-level refusals', () => {
  it('teachers and parents cannot list users', async () => {
    for (const who of ['docente', 'padre', 'evaluador']) {
      const c = await t.login(`${who}@demo.calidad.mx`);
      expect((await c.get('/api/users')).statusCode).toBe(403);
    }
  });

  it('a director cannot grant roles above their station', async () => {
    const c = await t.login('director@demo.calidad.mx');
    for (const role of ['school_director', 'state_coordinator', 'platform_admin']) {
      const res = await c.post('/api/users/invite', {
        email: `x-${role}@ejemplo.mx`,
        name: 'Alguien Más',
        role,
        unitId: unit.school?.id,
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('role_not_grantable');
    }
  });

  it('a role must fit the unit kind', async () => {
    const c = await t.login('estatal.jal@demo.calidad.mx');
    const res = await c.post('/api/users/invite', {
      email: 'mal@ejemplo.mx',
      name: 'Mal Puesto',
      role: 'teacher',
      unitId: unit.zone1?.id,
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('role_unit_mismatch');
  });

  it('only administrators read the outbox, only auditors and admins the audit trail', async () => {
    const admin = await t.login('admin@demo.calidad.mx');
    expect((await admin.get('/api/outbox')).statusCode).toBe(200);
    for (const who of ['nacional', 'estatal.jal', 'auditor']) {
      expect((await (await t.login(`${who}@demo.calidad.mx`)).get('/api/outbox')).statusCode).toBe(403);
    }
    expect((await (await t.login('estatal.jal@demo.calidad.mx')).get('/api/audit')).statusCode).toBe(403);
    const audit = (await (await t.login('auditor@demo.calidad.mx')).get('/api/audit')).json();
    expect(audit.total).toBeGreaterThan(0);
  });

  it('user lists show only people and roles in scope', async () => {
    const mor = (await (await t.login('estatal.mor@demo.calidad.mx')).get('/api/users?limit=200')).json();
    const emails = mor.items.map((u: { email: string }) => u.email);
    expect(emails).toContain('estatal.mor@demo.calidad.mx');
    expect(emails).not.toContain('director@demo.calidad.mx');
    const sup = (await (await t.login('supervisor@demo.calidad.mx')).get('/api/users?limit=200')).json();
    for (const u of sup.items) {
      for (const a of u.assignments) expect(['zone', 'school']).toContain(a.unit.kind);
    }
  });

  it('search stays inside scope', async () => {
    const c = await t.login('estatal.mor@demo.calidad.mx');
    const res = (await c.get('/api/org/units?q=escuela primaria')).json();
    expect(res.total).toBeGreaterThan(0);
    for (const u of res.items) expect(u.path.some((p: { code: string }) => p.code === '17')).toBe(true);
    const accents = (
      await (await t.login('estatal.jal@demo.calidad.mx')).get('/api/org/units?q=juarez')
    ).json();
    expect(accents.items.map((u: { code: string }) => u.code)).toContain('14DPR0001A');
  });

  it('the national coordinator creates a sector, audited with the role acted under', async () => {
    const c = await t.login('nacional@demo.calidad.mx');
    const res = await c.post('/api/org/units', {
      parentId: unit.jalisco?.id,
      kind: 'sector',
      code: '09',
      name: 'Jefatura de Sector 09 Costa',
    });
    expect(res.statusCode).toBe(201);
    const wrongKind = await c.post('/api/org/units', {
      parentId: unit.jalisco?.id,
      kind: 'school',
      code: '14DPR9999Z',
      name: 'Escuela Suelta',
    });
    expect(wrongKind.statusCode).toBe(422);
    const dup = await c.post('/api/org/units', {
      parentId: unit.jalisco?.id,
      kind: 'sector',
      code: '09',
      name: 'Otra',
    });
    expect(dup.statusCode).toBe(409);
    const [entry] = await t.ctx.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, String(res.json().id)));
    expect(entry).toMatchObject({ action: 'org.unit.create', actorRole: 'national_coordinator' });
  });
});
