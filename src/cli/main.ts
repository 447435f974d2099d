import { parseArgs } from 'node:util';
import { initialiseIfEmpty, openRuntime } from '../server/bootstrap.ts';
import { loadConfig } from '../server/config.ts';
import { sendDueReminders } from '../server/modules/alliance/reminders.ts';
import { verifyLedger } from '../server/modules/finance/ledger.ts';
import { verifyAuditTrail } from '../server/platform/audit/verify.ts';
import { catalogImportCommand } from './catalog-import.ts';
import { demoCatalogCommand } from './demo-catalog.ts';
import { createUserCommand } from './user-create.ts';

const USAGE = `Usage: calidad <command>

  db migrate                     apply pending database migrations
  demo seed                      load the demo data set into an empty database
  demo catalog --schools N [--seed S] [--out FILE]
                                 write a deterministic synthetic national school catalog as CSV
  user create --email E --name N --role ROLE --unit UNIT [--password P]
                                 create a user with a role (UNIT: MX, a state code like 14, or a CCT)
  catalog import FILE [--dry-run] [--yes] [--state NN] [--as EMAIL]
                                 import the school catalog (CSV or XLSX): report, confirm, apply;
                                 --as imports as that coordinator (their scope, their name in the trail)
  audit verify                   check the whole audit trail's hash chains
  ledger verify                  check every journal entry balances and every cached balance matches its lines
  alliance remind                e-mail reminders for Alianza tasks and deliverables due within 3 days
                                 (the server also does this every hour; each reminder is sent once)

The database is DATABASE_URL when set, otherwise PGlite in DATA_DIR (./data).`;

async function main(argv: string[]) {
  const [group, command, ...rest] = argv;
  const cfg = loadConfig(process.env, { LOG_LEVEL: 'warn' });
  const key = `${group ?? ''} ${command ?? ''}`;
  if (key === 'demo catalog') {
    // Needs no database: it only writes a file.
    const { values } = parseArgs({
      args: rest,
      options: { schools: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' } },
    });
    return demoCatalogCommand(values);
  }
  if (
    ![
      'db migrate',
      'demo seed',
      'user create',
      'audit verify',
      'catalog import',
      'alliance remind',
      'ledger verify',
    ].includes(key)
  ) {
    console.log(USAGE);
    return group === undefined || group === '--help' ? 0 : 2;
  }
  const runtime = await openRuntime(cfg);
  try {
    switch (key) {
      case 'db migrate':
        console.log('Migrations applied.');
        return 0;
      case 'demo seed': {
        const logins = await initialiseIfEmpty({ ...runtime.ctx, cfg: { ...cfg, DEMO: true } });
        console.log(
          logins ? `Demo data loaded: ${logins.length} users.` : 'The database is not empty; nothing loaded.',
        );
        return 0;
      }
      case 'user create': {
        // On a brand-new database the territory (nation and states) must exist to grant on.
        await initialiseIfEmpty({ ...runtime.ctx, cfg: { ...cfg, DEMO: false } });
        const { values } = parseArgs({
          args: rest,
          options: {
            email: { type: 'string' },
            name: { type: 'string' },
            role: { type: 'string' },
            unit: { type: 'string' },
            password: { type: 'string' },
          },
        });
        return await createUserCommand(runtime.ctx, values);
      }
      case 'catalog import': {
        await initialiseIfEmpty({ ...runtime.ctx, cfg: { ...cfg, DEMO: false } });
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          options: {
            'dry-run': { type: 'boolean' },
            yes: { type: 'boolean' },
            state: { type: 'string' },
            as: { type: 'string' },
          },
        });
        return await catalogImportCommand(runtime.ctx, positionals[0], values);
      }
      case 'ledger verify': {
        const r = await verifyLedger(runtime.ctx.db);
        if (r.ok) {
          console.log(
            `Ledger consistent: ${r.entries} entries balance; ${r.accounts} account balances match their lines.`,
          );
          return 0;
        }
        const f = r.first;
        console.error(
          f?.kind === 'balance_mismatch'
            ? `Ledger BROKEN: account ${f.accountId} caches ${f.cached} centavos but its lines add up to ${f.derived}.`
            : f?.kind === 'empty'
              ? `Ledger BROKEN: entry ${f.entryId} has no lines.`
              : `Ledger BROKEN: entry ${f?.entryId} does not balance (${f?.kind === 'unbalanced' ? f.sum : 0} centavos).`,
        );
        return 1;
      }
      case 'alliance remind': {
        const sent = await sendDueReminders(runtime.ctx);
        console.log(`Reminders sent: ${sent.tasks} tasks, ${sent.deliverables} deliverables.`);
        return 0;
      }
      case 'audit verify': {
        const result = await verifyAuditTrail(runtime.ctx.db);
        if (result.ok) {
          console.log(`Audit trail intact: ${result.entries} entries verified.`);
          return 0;
        }
        const b = result.firstBroken;
        console.error(
          `Audit trail BROKEN after ${result.entries} good entries: chain ${b?.chain}, seq ${b?.seq}` +
            `${b?.id ? `, entry id ${b.id}` : ''}: ${b?.reason}`,
        );
        return 1;
      }
    }
    return 2;
  } finally {
    await runtime.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
