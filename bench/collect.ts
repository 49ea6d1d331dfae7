/**
 * `npm run bench:collect`: batch record collection (issue 11) through the real HTTP route —
 * POST /api/records/batch on a loopback port, a provider's token, 10,000 valid rows a request (dishonesty
 * records pending their notice, positive and neutral ones, organisations and persons) — on SQLite (the
 * test database: in memory) and, when DATABASE_URL names a PostgreSQL server, on a fresh database there.
 * Each request is timed from send to answer (JSON encoding, parsing, validation, one transaction with
 * record + version 1 + audit rows, the answer). Prints ONE JSON line with rows per second (median of the
 * timed requests, after one warm-up request) and the process's CPU milliseconds a request (median).
 * The route answers after its hand-over (each record's expiry timer, each pending record's notice case):
 * starting 10,000 workflows in-process takes minutes, which would hide the import itself. So the import is
 * timed with the hand-over only counted (`handedOver`), and the hand-over's main cost is measured on its own
 * below (`armTimers100k`).
 *
 * `armTimers100k`: milliseconds to arm `BENCH_ARM_TIMERS` (default 100,000) records' expiry timers
 * (第二十八条, bench/arm-timers.ts) on the in-process engine, scaled to 100,000 when fewer were armed; the
 * records share the timers of their end dates. `armSpeedup`: how many times faster that is per record than
 * `BENCH_OWN_TIMERS` (default 1,000) records each given a timer of their own, measured in the same run.
 * With `TEMPORAL_ADDRESS`, the same on that server with one worker (`armTimers.server`, `BENCH_ARM_TIMERS_SERVER`
 * records, default 100,000).
 */
import { creditCodeCheckChar, residentIdCheckChar } from '../domain/subject-id';
import { armInProcess, armOnServer } from './arm-timers';
import { testApp } from '../test/support/app';
import { listenAsServerDoes } from '../test/support/listening';

const ROWS = Number(process.env.BENCH_ROWS ?? 10_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 5);
const ARM_TIMERS = Number(process.env.BENCH_ARM_TIMERS ?? 100_000);
const ARM_TIMERS_SERVER = Number(process.env.BENCH_ARM_TIMERS_SERVER ?? 100_000);
const OWN_TIMERS = Number(process.env.BENCH_OWN_TIMERS ?? 1_000);

const LIST_TYPES: [string, string, Record<string, unknown>][] = [
  ['dishonesty', 'other-dishonesty', {}],
  ['dishonesty', 'key-attention', {}],
  ['dishonesty', 'administrative-penalty', { severity: 'general' }],
  ['positive', 'commendation', {}],
  ['neutral', 'registration', {}],
];

function orgId(n: number): string {
  const first17 = `91350200${String(n).padStart(9, '0')}`;
  return first17 + creditCodeCheckChar(first17);
}
function personId(n: number): string {
  const first17 = `35020319850101${String(n % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

/** `ROWS` valid, made-up rows; `batch` keeps the provider's record numbers distinct across requests. */
function rows(batch: number): Record<string, unknown>[] {
  return Array.from({ length: ROWS }, (_, i) => {
    const n = batch * ROWS + i;
    const [category, listType, extra] = LIST_TYPES[i % LIST_TYPES.length];
    const person = i % 7 === 0;
    return {
      sourceRecordNo: `示例监处〔2026〕B${n}号`,
      subjectId: person ? personId(n) : orgId(n),
      ...(person ? { subjectKind: 'person' } : {}),
      subjectName: person ? `测试人员${n}（演示）` : `示例归集测试有限公司${n}（演示）`,
      category,
      listType,
      ...extra,
      content: {
        title: '演示数据，非真实信息',
        decisionNumber: `示例市监处〔2026〕${n}号`,
        basis: '《示例条例》第十条',
      },
      decidedOn: `2026-0${1 + (i % 8)}-${String(1 + (i % 28)).padStart(2, '0')}`,
      disclosure: 'public',
    };
  });
}

async function measure(database: 'sqlite' | 'postgres') {
  const saved = process.env.DATABASE_URL;
  if (database === 'sqlite') delete process.env.DATABASE_URL;
  let handedOver = 0;
  const t = await testApp({
    engine: 'in-process',
    security: { corsOrigins: [], ipPerMinute: 1_000_000, userPerMinute: 1_000_000 },
    onRecordsCollected: async (collected) => void (handedOver += collected.timed.length),
  });
  if (saved !== undefined) process.env.DATABASE_URL = saved;
  const listening = await listenAsServerDoes(t.app);
  try {
    const send = async (batch: number) => {
      const body = JSON.stringify({ records: rows(batch) });
      const start = performance.now();
      const cpu = process.cpuUsage();
      const res = await fetch(`http://127.0.0.1:${listening.port}/api/records/batch`, {
        method: 'POST',
        headers: { authorization: 'Bearer demo-provider-a', 'content-type': 'application/json' },
        body,
      });
      const answer = (await res.json()) as { accepted?: string[]; created?: number };
      const ms = performance.now() - start;
      const { user, system } = process.cpuUsage(cpu);
      if (res.status !== 200 || answer.created !== ROWS) {
        throw new Error(`batch ${batch}: ${res.status} ${JSON.stringify(answer).slice(0, 500)}`);
      }
      return { ms, cpuMs: (user + system) / 1000, bytes: body.length };
    };
    await send(0); // warm-up
    const timings: number[] = [];
    const cpuMs: number[] = [];
    let bytes = 0;
    for (let b = 1; b <= REQUESTS; b++) {
      const run = await send(b);
      timings.push(run.ms);
      cpuMs.push(run.cpuMs);
      bytes = run.bytes;
    }
    const stored = Number((await t.db.knex('records').count({ n: '*' }).first())?.n);
    const sorted = [...timings].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    return {
      rowsPerSec: Math.round(ROWS / (median / 1000)),
      bestRowsPerSec: Math.round(ROWS / (sorted[0] / 1000)),
      medianMs: Math.round(median),
      requestMs: timings.map(Math.round),
      // The process's CPU time (all its threads: server, client, GC) a request: steadier than the wall
      // clock on a shared machine.
      medianCpuMs: Math.round([...cpuMs].sort((a, b) => a - b)[Math.floor(cpuMs.length / 2)]),
      requestBytes: bytes,
      recordsStored: stored,
      handedOver,
    };
  } finally {
    await listening.close();
    await t.close();
  }
}

async function main() {
  const sqlite = await measure('sqlite');
  const pgUrl = process.env.DATABASE_URL;
  const postgres = pgUrl && /^postgres(ql)?:\/\//.test(pgUrl) ? await measure('postgres') : null;
  const inProcess = await armInProcess(ARM_TIMERS, OWN_TIMERS);
  const address = process.env.TEMPORAL_ADDRESS;
  const server = address ? { address, ...(await armOnServer(address, ARM_TIMERS_SERVER, OWN_TIMERS)) } : null;
  const perRecordMs = (run: { ms: number; records: number }) => run.ms / run.records;
  console.log(
    JSON.stringify({
      bench: 'collect',
      rowsPerRequest: ROWS,
      timedRequests: REQUESTS,
      sqlite: { storage: 'memory', ...sqlite },
      postgres,
      targetSqliteRowsPerSec: 20_000,
      armTimers100k: Math.round(perRecordMs(inProcess.dayTimers) * 100_000),
      // How many times faster per record day timers arm than a timer per record, in this run.
      armSpeedup: Math.round(perRecordMs(inProcess.ownTimersBaseline) / perRecordMs(inProcess.dayTimers)),
      armTimers: { inProcess, server },
      node: process.version,
    }),
  );
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
