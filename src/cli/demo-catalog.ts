import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { CATALOG_COLUMNS } from '../contract/catalog.ts';
import { csvLine } from '../server/modules/catalog/csv.ts';
import { MAX_SYNTHETIC_SCHOOLS, syntheticCatalog } from '../server/modules/catalog/synthetic.ts';

/** `calidad demo catalog --schools N [--seed S] [--out FILE]`: a synthetic catalog as CSV, streamed. */
export async function demoCatalogCommand(values: {
  schools?: string;
  seed?: string;
  out?: string;
}): Promise<number> {
  const n = Number(values.schools ?? '1000');
  const seed = Number(values.seed ?? '2026');
  if (!Number.isInteger(n) || n < 0 || n > MAX_SYNTHETIC_SCHOOLS || !Number.isInteger(seed)) {
    console.error(
      `--schools must be a whole number from 0 to ${MAX_SYNTHETIC_SCHOOLS}; --seed a whole number.`,
    );
    return 2;
  }
  const out: Writable = values.out ? createWriteStream(values.out) : process.stdout;
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  await write(csvLine(CATALOG_COLUMNS));
  let i = 0;
  for (const row of syntheticCatalog(n, seed)) {
    await write(csvLine(CATALOG_COLUMNS.map((c) => row[c])));
    if (values.out && ++i % 50_000 === 0)
      process.stderr.write(`\r${i.toLocaleString('es-MX')} / ${n.toLocaleString('es-MX')} escuelas`);
  }
  if (!values.out) {
    // The caller exits the process next: let a piped stdout drain first so no rows are cut off.
    await new Promise((resolve) => process.stdout.write('', resolve));
  } else {
    out.end();
    await once(out, 'finish');
    process.stderr.write(`\rEscribí ${n.toLocaleString('es-MX')} escuelas en ${values.out}\n`);
  }
  return 0;
}
