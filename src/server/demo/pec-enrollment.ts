import { Readable } from 'node:stream';
import { and, eq, sql } from 'drizzle-orm';
import type { Commitment } from '../modules/enrollment/schema.ts';
import {
  pecCalls,
  pecParticipations,
  pecRegistrations,
  pecSelections,
} from '../modules/enrollment/schema.ts';
import { evaluation, loadSchool, priorCyclesOf } from '../modules/enrollment/service.ts';
import { orgUnits } from '../modules/org/schema.ts';
import { pecCycles, pecRulesVersions } from '../modules/rules/schema.ts';
import { effectiveFor } from '../modules/rules/service.ts';
import { diff, recordAudit, SYSTEM } from '../platform/audit/service.ts';
import type { Tx } from '../platform/db/client.ts';
import { saveFile } from '../platform/files/store.ts';
import { todayMx } from '../platform/time.ts';

const MXN = (pesos: number) => pesos * 100;

/** A one-page PDF standing in for a scanned document. */
function demoPdf(title: string): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n` +
      `3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n% ${title}\ntrailer<</Root 1 0 R>>\n%%EOF\n`,
    'latin1',
  );
}

interface DemoRegistration {
  cct: string;
  /** School years already in the programme, counted back from the cycle before this one. */
  prior: number;
  /** Required documents left out (the school has not delivered them yet). */
  missing?: string[];
  commitment: Commitment;
}

const letter = (director: string, president: string, endorsed: string): Commitment => ({
  directorName: director,
  cepsPresidentName: president,
  cteEndorsedOn: endorsed,
  signedOn: endorsed,
});

/**
 * Escuelas de Calidad enrollment demo, inside the demo transaction after `seedPecRules`: Jalisco's
 * and Morelos' calls published in the current cycle; earlier participations (so some schools are
 * continuing, one beyond the maximum cycles); registrations for most demo schools (one missing
 * the state's extra document). Jalisco's selection is left for the state coordinator to do (the
 * director of 14DPR0001A has not registered yet); Morelos' is published.
 */
export async function seedPecEnrollment(tx: Tx, today: string = todayMx()): Promise<void> {
  // The current cycle is the one whose rules were published and then corrected (two versions).
  const [current] = await tx
    .select({ id: pecCycles.id, schoolYear: pecCycles.schoolYear })
    .from(pecCycles)
    .innerJoin(pecRulesVersions, eq(pecRulesVersions.cycleId, pecCycles.id))
    .where(eq(pecRulesVersions.status, 'published'))
    .groupBy(pecCycles.id, pecCycles.schoolYear)
    .having(sql`count(*) >= 2`)
    .limit(1);
  if (!current) return;
  const start = Number(current.schoolYear.slice(0, 4));
  const yearsBefore = (n: number) => Array.from({ length: n }, (_, i) => `${start - 1 - i}-${start - i}`);

  const state = async (code: string) => {
    const [s] = await tx
      .select()
      .from(orgUnits)
      .where(and(eq(orgUnits.kind, 'state'), eq(orgUnits.code, code)));
    if (!s) throw new Error(`demo state ${code} missing`);
    return s;
  };
  const school = async (cct: string) => {
    const [s] = await tx
      .select()
      .from(orgUnits)
      .where(and(eq(orgUnits.kind, 'school'), eq(orgUnits.code, cct)));
    if (!s) throw new Error(`demo school ${cct} missing`);
    return s;
  };
  const jalisco = await state('14');
  const morelos = await state('17');
  const publishedAt = new Date(`${today}T15:00:00Z`);
  publishedAt.setUTCDate(publishedAt.getUTCDate() - 20);

  const [jalCall, morCall] = await tx
    .insert(pecCalls)
    .values([
      {
        cycleId: current.id,
        stateUnitId: jalisco.id,
        kind: 'ordinary',
        title: `Convocatoria del Programa Escuelas de Calidad en Jalisco, ciclo escolar ${current.schoolYear}`,
        text:
          'La Secretaría de Educación Jalisco convoca a las escuelas públicas de educación básica a incorporarse ' +
          'al Programa Escuelas de Calidad. Las escuelas se registran con su carta compromiso, firmada por la ' +
          'dirección y la presidencia del CEPS y avalada por el CTE, y entregan los documentos requeridos por las ' +
          'reglas de operación y los criterios estatales, incluida la constancia de la cuenta bancaria de la escuela.',
        budget: MXN(300_000),
        status: 'published',
        publishedAt: publishedAt.toISOString(),
      },
      {
        cycleId: current.id,
        stateUnitId: morelos.id,
        kind: 'ordinary',
        title: `Convocatoria del Programa Escuelas de Calidad en Morelos, ciclo escolar ${current.schoolYear}`,
        text:
          'El Instituto de la Educación Básica del Estado de Morelos convoca a las escuelas públicas de educación ' +
          'básica a participar en el Programa Escuelas de Calidad, conforme al calendario estatal anticipado.',
        budget: MXN(150_000),
        status: 'published',
        publishedAt: publishedAt.toISOString(),
      },
    ])
    .returning();
  if (!jalCall || !morCall) throw new Error('demo calls not inserted');

  // Earlier years in the programme.
  const prior: Record<string, number> = {
    '14DPR0002Z': 2,
    '14DPR0006V': 5,
    '14DPB0008T': 1,
    '14DES0005W': 3,
    '17DPR0101K': 3,
    '17DES0104H': 1,
  };
  for (const [cct, n] of Object.entries(prior)) {
    const s = await school(cct);
    await tx
      .insert(pecParticipations)
      .values(yearsBefore(n).map((schoolYear) => ({ schoolUnitId: s.id, schoolYear })));
  }

  const endorsed = (() => {
    const d = new Date(`${today}T12:00:00Z`);
    d.setUTCDate(d.getUTCDate() - 10);
    return d.toISOString().slice(0, 10);
  })();
  // 14DPR0002Z (zone 001, two cycles already) has not registered yet: it will register as continuing.
  const jal: DemoRegistration[] = [
    {
      cct: '14DJN0003Y',
      prior: 0,
      missing: ['cuenta_bancaria'],
      commitment: letter('Laura Medina Orozco', 'Ricardo Flores Chávez', endorsed),
    },
    {
      cct: '14DPR0004X',
      prior: 0,
      commitment: letter('Manuel Preciado Ruiz', 'Gloria Ibarra Lomelí', endorsed),
    },
    {
      cct: '14DES0005W',
      prior: 3,
      commitment: letter('Arturo Vázquez Solís', 'Teresa Navarro Pérez', endorsed),
    },
    {
      cct: '14DPR0006V',
      prior: 5,
      commitment: letter('Rosa Elena Cárdenas', 'Juan Ramírez Ochoa', endorsed),
    },
    {
      cct: '14DTV0007U',
      prior: 0,
      commitment: letter('Hugo Camarena Villa', 'Lucía Torres Macías', endorsed),
    },
    {
      cct: '14DPB0008T',
      prior: 1,
      commitment: letter('Tomás Carrillo de la Cruz', 'María Chivarra López', endorsed),
    },
    {
      cct: '14DPR0009S',
      prior: 0,
      commitment: letter('Silvia Rentería Ávila', 'Pablo Jiménez Haro', endorsed),
    },
  ];
  const mor: DemoRegistration[] = [
    {
      cct: '17DPR0101K',
      prior: 3,
      commitment: letter('Raúl Ocampo Salgado', 'Adriana Bahena Ríos', endorsed),
    },
    {
      cct: '17DJN0102J',
      prior: 0,
      commitment: letter('Elena Sotelo Mejía', 'Fernando Ayala Cruz', endorsed),
    },
    {
      cct: '17DPR0103I',
      prior: 0,
      commitment: letter('Guadalupe Flores Reyes', 'Martín Pineda Luna', endorsed),
    },
    {
      cct: '17DES0104H',
      prior: 1,
      commitment: letter('Jorge Álvarez Campos', 'Norma Vargas Sánchez', endorsed),
    },
  ];

  const registered = new Map<string, typeof pecRegistrations.$inferSelect>();
  for (const [list, call] of [
    [jal, jalCall],
    [mor, morCall],
  ] as const) {
    for (const r of list) {
      const unit = await school(r.cct);
      const facts = await loadSchool(tx, unit.id);
      const effective = await effectiveFor(tx, current.id, unit.path);
      const priorCycles = await priorCyclesOf(tx, unit.id, current.schoolYear);
      const documents: Record<string, { fileId: string; name: string }> = {};
      for (const d of effective.rules.eligibility.documents) {
        if (r.missing?.includes(d.code)) continue;
        const name = `${d.code}-${r.cct}.pdf`;
        const file = await saveFile(tx, Readable.from([demoPdf(`${d.name} ${r.cct}`)]), {
          name,
          contentType: 'application/pdf',
          createdBy: null,
          maxBytes: 1024 * 1024,
        });
        documents[d.code] = { fileId: file.id, name };
      }
      const ev = evaluation(effective.rules, facts.facts, {
        priorCycles,
        commitment: r.commitment,
        documents,
      });
      const [row] = await tx
        .insert(pecRegistrations)
        .values({
          cycleId: current.id,
          callId: call.id,
          schoolUnitId: unit.id,
          schoolPath: unit.path,
          stateUnitId: call.stateUnitId,
          priorCycles,
          commitment: r.commitment,
          documents,
          ...ev,
        })
        .returning();
      if (row) registered.set(r.cct, row);
    }
  }

  // Morelos published its selection: the three first in order fit its budget exactly.
  const chosen = ['17DPR0101K', '17DPR0103I', '17DES0104H'];
  let committed = 0;
  for (const r of mor) {
    const row = registered.get(r.cct);
    if (!row) continue;
    const selected = chosen.includes(r.cct) && row.eligible;
    if (selected) committed += row.grantCap ?? 0;
    await tx
      .update(pecRegistrations)
      .set({ chosen: selected, selection: selected ? 'selected' : 'not_selected' })
      .where(eq(pecRegistrations.id, row.id));
    if (selected)
      await tx
        .insert(pecParticipations)
        .values({ schoolUnitId: row.schoolUnitId, schoolYear: current.schoolYear })
        .onConflictDoNothing();
  }
  await tx.insert(pecSelections).values({
    cycleId: current.id,
    stateUnitId: morelos.id,
    budget: morCall.budget,
    committed,
    selectedCount: chosen.length,
    minutes:
      'Acta del Comité Local de Selección de Morelos: se seleccionan las escuelas por orden de prioridad hasta agotar el presupuesto de la convocatoria.',
    publishedAt: new Date().toISOString(),
  });

  await recordAudit(tx, SYSTEM, {
    action: 'pec.enrollment_demo_seed',
    entityType: 'pec_selection',
    entityId: `${current.id}:${morelos.id}`,
    unitPath: null,
    changes: diff(null, {
      calls: ['14', '17'],
      registrations: [...registered.keys()],
      selectedMorelos: chosen,
    }),
  });
}
