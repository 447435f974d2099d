// The load generator for pat-spike.ts, in its own process so it does not share the server's event
// loop: every request of the list exactly once, over N connections, counting each status.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const [base, file, connections] = process.argv.slice(2) as [string, string, string];
const requests = JSON.parse(readFileSync(file, 'utf8')) as { path: string; cookie: string; csrf: string }[];
let next = 0;
const statuses: Record<string, number> = {};

const started = Date.now();
const result = await autocannon({
  url: base,
  connections: Number(connections),
  amount: requests.length,
  timeout: 60,
  requests: [
    {
      method: 'POST',
      setupRequest: (req) => {
        const r = requests[next++ % requests.length] as (typeof requests)[number];
        return {
          ...req,
          path: r.path,
          headers: { 'content-type': 'application/json', cookie: r.cookie, 'x-csrf-token': r.csrf },
          body: '{}',
        };
      },
      onResponse: (status) => {
        statuses[status] = (statuses[status] ?? 0) + 1;
      },
    },
  ],
});
const seconds = (Date.now() - started) / 1000;
process.stdout.write(
  JSON.stringify({ seconds, statuses, errors: result.errors + result.timeouts, p99: result.latency.p99 }),
);
