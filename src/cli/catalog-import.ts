import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { AppContext } from '../server/context.ts';
import { CatalogFileError, type ImportReport, runCatalogImport } from '../server/modules/catalog/import.ts';
import { SYSTEM } from '../server/platform/audit/service.ts';

function print(r: ImportReport) {
  const c = r.counts;
  console.log(
    `Filas: ${c.rows} · nuevas: ${c.add} · con cambios: ${c.update} · sin cambios: ${c.unchanged} · ` +
      `rechazadas: ${c.rejected} · ya no aparecen (se marcarán inactivas): ${c.disappeared}  [codificación ${r.encoding}]`,
  );
  if (r.missingColumns.length) console.log(`Faltan columnas obligatorias: ${r.missingColumns.join(', ')}`);
  if (r.ignoredColumns.length)
    console.log(`Columnas no reconocidas (se ignoran): ${r.ignoredColumns.join(', ')}`);
  for (const x of r.rejections.slice(0, 50))
    console.log(`  línea ${x.line} ${x.cct || '(sin CCT)'}: ${x.reasons.join('; ')}`);
  if (r.rejections.length > 50)
    console.log(`  … y ${c.rejected - 50} filas rechazadas más (reporte ${r.importId}).`);
}

/**
 * `calidad catalog import FILE [--dry-run] [--yes] [--state NN]`: reports first, then applies on
 * confirmation. Exit 1 when any row is rejected (nothing is written then), 2 on bad usage.
 */
export async function catalogImportCommand(
  ctx: AppContext,
  file: string | undefined,
  v: { 'dry-run'?: boolean; yes?: boolean; state?: string },
) {
  if (!file || !existsSync(file)) {
    console.error(
      file ? `No existe el archivo ${file}.` : 'Indique el archivo: calidad catalog import ARCHIVO.csv',
    );
    return 2;
  }
  const base = {
    fileName: path.basename(file),
    open: () => createReadStream(file),
    audit: SYSTEM,
    locale: 'es' as const,
    ...(v.state ? { allowedStates: new Set([v.state.padStart(2, '0')]) } : {}),
  };
  try {
    console.log(`Revisando ${file}…`);
    const dry = await runCatalogImport(ctx, { ...base, apply: false });
    print(dry);
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
    const applied = await runCatalogImport(ctx, { ...base, apply: true });
    print(applied);
    console.log(applied.status === 'applied' ? 'Catálogo importado.' : 'No se importó nada.');
    return applied.status === 'applied' ? 0 : 1;
  } catch (err) {
    if (err instanceof CatalogFileError) {
      console.error(`El archivo no se puede leer como catálogo: ${err.message}`);
      return 1;
    }
    throw err;
  }
}
