import { and, count, eq } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { schools } from '../modules/catalog/schema.ts';
import { municipalities, orgUnits, roleAssignments } from '../modules/org/schema.ts';
import { insertUnit } from '../modules/org/service.ts';
import { diff, recordAudit, SYSTEM } from '../platform/audit/service.ts';
import { hashPassword } from '../platform/auth/passwords.ts';
import { users } from '../platform/auth/schema.ts';
import type { Db, Tx } from '../platform/db/client.ts';
import { seedAllianceDemo, seedAllianceStory } from './alliance.ts';
import { DEMO_ALLIANCE_USERS, DEMO_PASSWORD, DEMO_STATES, DEMO_USERS } from './data.ts';
import { seedPecRules } from './pec.ts';
import { seedPecEnrollment } from './pec-enrollment.ts';
import { seedPecMoney } from './pec-money.ts';
import { seedPecPlanning } from './pec-planning.ts';
import { STATES } from './states.ts';

type Unit = typeof orgUnits.$inferSelect;

export async function isEmpty(db: Db): Promise<boolean> {
  const [r] = await db.select({ n: count() }).from(orgUnits);
  return (r?.n ?? 0) === 0;
}

/** The nation and its 32 states: the skeleton every installation needs, demo or not. */
export async function seedTerritory(tx: Tx): Promise<{ nation: Unit; states: Map<string, Unit> }> {
  const [existing] = await tx.select().from(orgUnits).where(eq(orgUnits.kind, 'nation'));
  const nation = existing ?? (await insertUnit(tx, null, { kind: 'nation', code: 'MX', name: 'México' }));
  if (!nation) throw new Error('could not create the nation');
  if (!existing) {
    await recordAudit(tx, SYSTEM, {
      action: 'org.unit.create',
      entityType: 'org_unit',
      entityId: String(nation.id),
      unitPath: nation.path,
      changes: diff(null, { kind: 'nation', code: 'MX', name: 'México' }),
    });
  }
  const states = new Map<string, Unit>();
  for (const s of STATES) {
    const [found] = await tx
      .select()
      .from(orgUnits)
      .where(and(eq(orgUnits.parentId, nation.id), eq(orgUnits.code, s.code)));
    const unit = found ?? (await insertUnit(tx, nation, { kind: 'state', code: s.code, name: s.name }));
    if (!unit) throw new Error(`could not create state ${s.code}`);
    states.set(s.code, unit);
  }
  return { nation, states };
}

/**
 * Loads the demo data set in one transaction (territory, schools, users, the Alianza's bodies and
 * seats), then plays the Alianza's story through its services, and returns the logins to print.
 */
export async function seedDemo(ctx: AppContext): Promise<{ email: string; role: string }[]> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const alliance = await ctx.db.transaction(async (tx) => {
    const { nation, states } = await seedTerritory(tx);
    const byCodes = new Map<string, Unit>();
    for (const ds of DEMO_STATES) {
      const state = states.get(ds.code);
      if (!state) throw new Error(`unknown demo state ${ds.code}`);
      byCodes.set(ds.code, state);
      const muniIds = new Map<string, number>();
      for (const m of ds.municipalities) {
        const [row] = await tx
          .insert(municipalities)
          .values({ stateUnitId: state.id, code: m.code, name: m.name })
          .returning();
        if (row) muniIds.set(m.code, row.id);
      }
      for (const sector of ds.sectors) {
        const sUnit = await insertUnit(tx, state, { kind: 'sector', code: sector.code, name: sector.name });
        if (!sUnit) throw new Error('sector insert failed');
        byCodes.set(`${ds.code}/${sector.code}`, sUnit);
        for (const zone of sector.zones) {
          const zUnit = await insertUnit(tx, sUnit, { kind: 'zone', code: zone.code, name: zone.name });
          if (!zUnit) throw new Error('zone insert failed');
          byCodes.set(`${ds.code}/${sector.code}/${zone.code}`, zUnit);
          for (const school of zone.schools) {
            const sc = await insertUnit(tx, zUnit, {
              kind: 'school',
              code: school.cct,
              name: school.name,
              municipalityId: muniIds.get(school.municipality) ?? null,
            });
            if (!sc) throw new Error('school insert failed');
            await tx.insert(schools).values(demoSchoolFacts(sc.id, school.cct, school.municipality));
            byCodes.set(`${ds.code}/${sector.code}/${zone.code}/${school.cct}`, sc);
          }
        }
      }
    }
    for (const u of DEMO_USERS) {
      const key = [u.at.state, u.at.sector, u.at.zone, u.at.school].filter(Boolean).join('/');
      const unit = key ? byCodes.get(key) : nation;
      if (!unit) throw new Error(`demo user ${u.email}: no unit ${key}`);
      const [user] = await tx
        .insert(users)
        .values({ email: u.email, name: u.name, passwordHash })
        .returning();
      if (!user) throw new Error('user insert failed');
      const [ra] = await tx
        .insert(roleAssignments)
        .values({ userId: user.id, role: u.role, unitId: unit.id })
        .returning();
      await recordAudit(tx, SYSTEM, {
        action: 'user.role_grant',
        entityType: 'role_assignment',
        entityId: ra?.id ?? '',
        unitPath: unit.path,
        changes: diff(null, { userId: user.id, email: u.email, role: u.role, unitId: unit.id }),
      });
    }
    await seedPecRules(tx);
    await seedPecEnrollment(tx);
    return seedAllianceDemo(tx, passwordHash);
  });
  // Each service opens its own transaction: never inside the one above (PGlite has one session).
  if (alliance) await seedAllianceStory(ctx, alliance);
  await seedPecPlanning(ctx);
  await seedPecMoney(ctx);
  return [
    ...DEMO_USERS.map((u) => ({ email: u.email, role: u.role })),
    ...DEMO_ALLIANCE_USERS.map((u) => ({ email: u.email, role: u.label })),
  ];
}

/** Plausible catalog facts for a demo school, derived from its CCT's service letters. */
function demoSchoolFacts(unitId: number, cct: string, municipality: string) {
  const service = cct.slice(3, 5);
  const level =
    service === 'JN' || service === 'CC'
      ? 'preescolar'
      : service === 'ES' || service === 'ST' || service === 'TV'
        ? 'secundaria'
        : 'primaria';
  const kind =
    service === 'PB' || service === 'CC'
      ? 'indigena'
      : service === 'TV'
        ? 'telesecundaria'
        : service === 'ST'
          ? 'tecnica'
          : 'general';
  const rural = kind !== 'general' || municipality === '063';
  const n = Number(cct.slice(5, 9));
  const enrolment = rural ? 40 + n * 7 : 180 + n * 23;
  return {
    unitId,
    cct,
    shift: 'matutino',
    locality: rural ? 'San Juan de Abajo' : 'Cabecera municipal',
    address: `Calle Hidalgo núm. ${100 + n}`,
    postalCode: cct.startsWith('14') ? '44100' : '62000',
    level,
    service: kind,
    multigrade: rural && level === 'primaria',
    funding: 'federal',
    setting: rural ? 'rural' : 'urbano',
    marginalization: rural ? 'alto' : 'bajo',
    enrolment,
    teachers: Math.max(1, Math.round(enrolment / 25)),
    latitude: cct.startsWith('14') ? 20.66 + n / 1000 : 18.92 + n / 100000,
    longitude: cct.startsWith('14') ? -103.35 - n / 1000 : -99.23 - n / 100000,
  };
}
