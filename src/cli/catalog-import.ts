import { closeSync, createReadStream, existsSync, openSync, readSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { eq } from 'drizzle-orm';
import type { AppContext } from '../server/context.ts';
import { goneSchools, municipalityRenames, statePathsOf } from '../server/modules/catalog/apply.ts';
import { detectFormat } from '../server/modules/catalog/file.ts';
import {
  applyImport,
  CatalogFileError,
  checkImport,
  createImport,
  type ImportReport,
  recoverInterruptedImports,
} from '../server/modules/catalog/import.ts';
import { importScope } from '../server/modules/catalog/imports-service.ts';
import { orgUnits } from '../server/modules/org/schema.ts';
import { type AuditContext, SYSTEM } from '../server/platform/audit/service.ts';
import { users } from '../server/platform/auth/schema.ts';
import { actorOfUser } from '../server/platform/auth/sessions.ts';
import { AppError } from '../server/platform/errors/app-error.ts';
import { message } from '../server/platform/errors/messages.ts';
import type { JobProgress } from '../server/platform/jobs/runner.ts';

function print(r: ImportReport) {
  const c = r.counts;
  console.log(
    `Filas: ${c.rows} · nuevas: ${c.add} · con cambios: ${c.update} · sin cambios: ${c.unchanged} · ` +
      `rechazadas: ${c.rejected} · ya no aparecen (se marcarán inactivas): ${c.disappeared}  [codificación ${r.encoding}]`,
  );
  if (r.missingColumns.length) console.log(`Faltan columnas obligatorias: ${r.missingColumns.join(', ')}`);
  if (r.ignoredColumns.length)
    console.log(`Columnas no reconocidas o repetidas (se ignoran): ${r.ignoredColumns.join(', ')}`);
  for (const x of r.rejections.slice(0, 50))
    console.log(`  línea ${x.line} ${x.cct || '(sin CCT)'}: ${x.reasons.join('; ')}`);
  if (r.rejections.length > 50)
    console.log(`  … y ${c.rejected - 50} filas rechazadas más (reporte ${r.importId}).`);
}

/** What the web page says of each unreadable file, in the command's words. */
const FILE_ERRORS: Record<CatalogFileError['code'], string> = {
  empty: 'está vacío o no tiene renglón de encabezados.',
  no_rows: 'tiene encabezados pero ninguna escuela.',
  no_header_match: 'no se reconoció ningún encabezado del catálogo (use la plantilla o revise los nombres).',
  too_many_columns: 'tiene demasiadas columnas (máximo 200).',
  malformed: 'está dañado o no tiene formato CSV o XLSX válido.',
};

const PHASES: Record<string, string> = {
  reading: 'Leyendo y validando',
  comparing: 'Comparando con el catálogo actual',
  territory: 'Creando sectores, zonas y municipios',
  schools: 'Guardando escuelas',
  history: 'Registrando el historial',
  audit: 'Registrando en la bitácora',
};

/** A progress line on stderr, redrawn at most a few times a second; each finished phase keeps a line with its time. */
function progressLine() {
  let last = 0;
  let phase = '';
  let started = Date.now();
  const close = (now: number) => {
    if (phase)
      process.stderr.write(
        `\r${(PHASES[phase] ?? phase).padEnd(40)} ${((now - started) / 1000).toFixed(1)} s\n`,
      );
  };
  return {
    update(p: JobProgress) {
      const now = Date.now();
      if (p.phase !== phase) {
        close(now);
        phase = p.phase;
        started = now;
      } else if (now - last < 250) return;
      last = now;
      const pct = p.total ? ` ${Math.min(100, Math.round((p.done / p.total) * 100))} %` : '…';
      process.stderr.write(`\r${(PHASES[p.phase] ?? p.phase).padEnd(40)}${pct}    `);
    },
    end() {
      close(Date.now());
      phase = '';
    },
  };
}

/**
 * `calidad catalog import FILE [--dry-run] [--yes] [--state NN]`: reports first, then applies on
 * confirmation. Exit 1 when any row is rejected (nothing is written then), 2 on bad usage.
 */
/**
 * Who the import is made as: with `--as`, that person, who must be allowed to import, within their
 * scope (a state coordinator's own states), named in the trail; otherwise the system, for the whole
 * nation or the `--state` given. Null when `--as` names no one who may import (said why).
 */
async function importer(
  ctx: AppContext,
  v: { state?: string; as?: string },
): Promise<{
  audit: AuditContext;
  allowedStates: string[] | null;
  scopePath: string;
  createdBy: string | null;
} | null> {
  const state = v.state ? v.state.padStart(2, '0') : null;
  // Filed under the state given, or else the nation, so the coordinators who see it find it on their page.
  const statePath = state ? (await statePathsOf(ctx.db, [state]))?.[0] : undefined;
  if (!v.as) {
    const [nation] = await ctx.db
      .select({ path: orgUnits.path })
      .from(orgUnits)
      .where(eq(orgUnits.kind, 'nation'));
    const scopePath = statePath ?? nation?.path ?? '/';
    return { audit: SYSTEM, allowedStates: state ? [state] : null, scopePath, createdBy: null };
  }
  const [user] = await ctx.db.select().from(users).where(eq(users.email, v.as.trim().toLowerCase()));
  if (user?.status !== 'active') {
    console.error(`No hay una cuenta activa con el correo ${v.as}.`);
    return null;
  }
  // No session: the command acts once, in this process.
  const actor = await actorOfUser(ctx.db, user, { id: 'cli', csrfToken: '' });
  let scope: Awaited<ReturnType<typeof importScope>>;
  try {
    scope = await importScope(ctx.db, actor);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    console.error(`${user.name} (${user.email}) no tiene permiso para importar el catálogo.`);
    return null;
  }
  let allowedStates = scope.allowedStates;
  let scopePath = scope.scopePath;
  if (state) {
    if (allowedStates && !allowedStates.includes(state)) {
      console.error(`${user.name} no puede importar escuelas de la entidad ${state}.`);
      return null;
    }
    allowedStates = [state];
    scopePath = statePath ?? scopePath;
  }
  // The trail tells a command from a page: the request is the command, run by this system user.
  const meta = { requestId: `cli:${userInfo().username}`, ip: null };
  return {
    audit: { actor, role: scope.role, meta },
    allowedStates,
    scopePath,
    createdBy: user.id,
  };
}

export async function catalogImportCommand(
  ctx: AppContext,
  file: string | undefined,
  v: { 'dry-run'?: boolean; yes?: boolean; state?: string; as?: string },
) {
  if (!file || !existsSync(file)) {
    console.error(
      file ? `No existe el archivo ${file}.` : 'Indique el archivo: calidad catalog import ARCHIVO.csv',
    );
    return 2;
  }
  const who = await importer(ctx, v);
  if (!who) return 2;
  const recovered = await recoverInterruptedImports(ctx.db);
  if (recovered > 0)
    console.log(
      `${recovered} importación(es) interrumpida(s) quedaron como fallidas (se pueden aplicar de nuevo) o rechazadas (hay que revisar el archivo otra vez).`,
    );
  const head = Buffer.alloc(8);
  const fd = openSync(file, 'r');
  readSync(fd, head, 0, 8, 0);
  closeSync(fd);
  const size = statSync(file).size;
  try {
    console.log(`Revisando ${file}…`);
    const importId = await createImport(ctx.db, {
      fileName: path.basename(file),
      format: detectFormat(file, head),
      allowedStates: who.allowedStates,
      scopePath: who.scopePath,
      createdBy: who.createdBy,
    });
    const checking = progressLine();
    const dry = await checkImport(ctx, importId, {
      open: () => createReadStream(file),
      size,
      locale: 'es',
      progress: checking.update,
    });
    checking.end();
    print(dry);
    if (dry.status === 'dry_run' && dry.counts.disappeared > 0) {
      const statePaths = await statePathsOf(ctx.db, who.allowedStates);
      const gone = await goneSchools(ctx.db, importId, { statePaths }, '', 20);
      console.log('Escuelas que ya no aparecen en el archivo (se marcarán inactivas, nunca se borran):');
      for (const g of gone) console.log(`  ${g.cct} ${g.name}`);
      if (dry.counts.disappeared > gone.length)
        console.log(`  … y ${dry.counts.disappeared - gone.length} más.`);
    }
    const renames = dry.status === 'dry_run' ? await municipalityRenames(ctx.db, importId, 200) : [];
    if (renames.length > 0) {
      console.log('Municipios que cambiarán de nombre:');
      for (const r of renames) console.log(`  ${r.key}: ${r.before} → ${r.after}`);
    }
    if (dry.status === 'rejected') {
      console.error(
        'El archivo tiene filas rechazadas: no se importó nada. Corrija las filas indicadas e intente de nuevo.',
      );
      return 1;
    }
    if (v['dry-run']) return 0;
    if (!v.yes) {
      if (!process.stdin.isTTY) {
        console.log('Sin --yes ni terminal para confirmar: solo se hizo la revisión.');
        return 0;
      }
      const rl = createInterface({ input: process.stdin, output: process.stdout });
      const answer = await rl.question('¿Aplicar estos cambios? [s/N] ');
      rl.close();
      if (!/^s/i.test(answer.trim())) return 0;
    }
    const applying = progressLine();
    const applied = await applyImport(ctx, importId, who.audit, applying.update);
    applying.end();
    print(applied);
    console.log('Catálogo importado.');
    return 0;
  } catch (err) {
    if (err instanceof CatalogFileError) {
      console.error(`El archivo no se puede leer como catálogo: ${FILE_ERRORS[err.code]} (${err.message})`);
      return 1;
    }
    if (err instanceof AppError) {
      console.error(message(err.code, 'es', err.params));
      return 1;
    }
    throw err;
  }
}
