// Posts ledger entries in a loop on an embedded database until it is killed (ledger.test.ts kills it
// with SIGKILL in the middle and checks that no half entry was left).
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import pino from 'pino';
import { initialiseIfEmpty, openRuntime } from '../../src/server/bootstrap.ts';
import { loadConfig } from '../../src/server/config.ts';
import { postOperation } from '../../src/server/modules/finance/operations.ts';
import { orgUnits } from '../../src/server/modules/org/schema.ts';
import { pecCycles } from '../../src/server/modules/rules/schema.ts';

const dir = process.argv[2] as string;
const cfg = loadConfig({ DATA_DIR: path.join(dir, 'data'), DEMO: 'false', LOG_LEVEL: 'silent' });
const rt = await openRuntime(cfg, pino({ level: 'silent' }));
await initialiseIfEmpty(rt.ctx);
const [cycle] = await rt.ctx.db
  .insert(pecCycles)
  .values({ schoolYear: '2030-2031', fiscalYear: 2030 })
  .returning();
const [nation] = await rt.ctx.db.select().from(orgUnits).where(eq(orgUnits.kind, 'nation'));
const [state] = await rt.ctx.db
  .select()
  .from(orgUnits)
  .where(and(eq(orgUnits.kind, 'state'), eq(orgUnits.code, '14')));
if (!cycle || !nation || !state) throw new Error('fixture');
let n = 0;
for (;;) {
  // Several entries per transaction, so a kill often lands inside one.
  await rt.ctx.db.transaction(async (tx) => {
    for (let i = 0; i < 5; i++) {
      await postOperation(
        tx,
        { type: 'federal_allocation', cycleId: cycle.id, nation, state, amount: 1000 + i },
        null,
      );
      await postOperation(
        tx,
        { type: 'state_contribution', cycleId: cycle.id, state, amount: 500 + i },
        null,
      );
    }
  });
  n += 10;
  if (n % 100 === 0) process.stdout.write(`posted ${n}\n`);
}
