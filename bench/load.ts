/**
 * `npm run bench:load`: the API on loopback under bounded concurrency for a fixed time. Prints ONE JSON
 * line: requests/s, p50/p95/p99 (ms) and errors by status, per operation too, and a bare Express handler
 * measured in the same run on the same loopback with the same concurrency, as the baseline the app's
 * figures are a ratio of (these machines are noisy; ratios travel, seconds don't).
 *
 * The mix, each worker in turn: a case that is ready moves one step (forward → the provider dismisses →
 * process; a closed case frees its record again), else an objection is filed on a free record; a public
 * credit report is queried; the clerk lists cases. The app is the test harness's (a fresh database —
 * SQLite in memory, or PostgreSQL with DATABASE_URL — demo data, the in-process engine), with rate limits
 * raised out of the way: the bench measures the work, not the limiter.
 *
 * BENCH_SECONDS (10) the app's run, BENCH_BARE_SECONDS (3) the baseline's, BENCH_CONCURRENCY (8).
 */
import http from 'node:http';
import type net from 'node:net';
import { performance } from 'node:perf_hooks';
import express, { type Express } from 'express';
import { getRecord } from '../db/records';
import { testApp } from '../test/support/app';
import { TEST_APPLICANT } from '../test/support/objection-input';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const BARE_SECONDS = Number(process.env.BENCH_BARE_SECONDS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY * 2 });

interface Answer {
  status: number;
  body: unknown;
}

function call(port: number, method: string, path: string, token?: string, body?: unknown): Promise<Answer> {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: {
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': payload.length } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

async function listen(app: Express): Promise<{ port: number; close(): Promise<void> }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

class Stats {
  readonly ms: number[] = [];
  readonly errors: Record<string, number> = {};
  readonly samples: Record<string, unknown> = {};
  record(ms: number, status: number | string, ok: boolean, body?: unknown) {
    this.ms.push(ms);
    if (!ok) {
      this.errors[status] = (this.errors[status] ?? 0) + 1;
      this.samples[status] ??= body;
    }
  }
  summary(seconds: number) {
    const sorted = [...this.ms].sort((a, b) => a - b);
    const pct = (p: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0);
    return {
      requests: sorted.length,
      rps: round(sorted.length / seconds, 1),
      p50: pct(0.5),
      p95: pct(0.95),
      p99: pct(0.99),
    };
  }
}

const round = (x: number, digits = 2) => Number(x.toFixed(digits));

/** Runs `step` in `CONCURRENCY` loops until `seconds` have passed; returns the time it really took. */
async function drive(seconds: number, step: (worker: number) => Promise<void>): Promise<number> {
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, w) => {
      while (performance.now() < until) await step(w);
    }),
  );
  return (performance.now() - started) / 1000;
}

async function bare(): Promise<ReturnType<Stats['summary']>> {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json());
  app.get('/bare', (_req, res) => void res.json({ status: 'ok' }));
  const server = await listen(app);
  const stats = new Stats();
  try {
    const took = await drive(BARE_SECONDS, async () => {
      const t0 = performance.now();
      const res = await call(server.port, 'GET', '/bare').catch(() => ({ status: 0, body: null }));
      stats.record(performance.now() - t0, res.status || 'network', res.status === 200);
    });
    return stats.summary(took);
  } finally {
    await server.close();
  }
}

interface OpenCase {
  id: string;
  recordId: string;
  provider: string;
  next: 'forward' | 'dismiss' | 'process';
}

async function main(): Promise<void> {
  const baseline = await bare();

  const t = await testApp({
    engine: 'in-process',
    security: { corsOrigins: [], ipPerMinute: 1e9, userPerMinute: 1e9 },
  });
  const server = await listen(t.app);
  const { knex } = t.db;
  const free: { id: string; provider: string }[] = [];
  for (const id of await knex('records').whereNull('objection_case_id').orderBy('id').pluck('id')) {
    const record = await getRecord(knex, id as string);
    if (record?.visibility.visible) {
      free.push({
        id: record.id,
        provider: record.providerUnitId === 'unit-a' ? 'demo-provider-a' : 'demo-provider-b',
      });
    }
  }
  const subjects: string[] = await knex('records')
    .distinct('subject_id')
    .orderBy('subject_id')
    .pluck('subject_id');
  const ready: OpenCase[] = [];
  const all = new Stats();
  const byOp: Record<string, Stats> = {};
  let filed = 0;
  let closed = 0;
  let turn = 0;

  const timed = async (op: string, ok: number, run: () => Promise<Answer>) => {
    const t0 = performance.now();
    let res: Answer;
    try {
      res = await run();
    } catch (err) {
      res = { status: 0, body: String(err) };
    }
    const ms = performance.now() - t0;
    const status = res.status || 'network';
    all.record(ms, status, res.status === ok, res.body);
    (byOp[op] ??= new Stats()).record(ms, status, res.status === ok, res.body);
    return res.status === ok ? res : undefined;
  };

  const advance = async (c: OpenCase) => {
    const token = c.next === 'dismiss' ? c.provider : 'demo-clerk';
    const body =
      c.next === 'dismiss' ? { reason: '信息准确' } : c.next === 'forward' ? { note: '请核实' } : {};
    const res = await timed(c.next, 200, () =>
      call(server.port, 'POST', `/api/cases/${c.id}/actions/${c.next}`, token, body),
    );
    if (!res) return; // counted as an error; the case is left where it is
    if (c.next === 'process') {
      closed++;
      free.push({ id: c.recordId, provider: c.provider }); // the objection is cleared: free again
    } else {
      ready.push({ ...c, next: c.next === 'forward' ? 'dismiss' : 'process' });
    }
  };

  const file = async () => {
    const record = free.shift();
    if (!record) return list();
    const res = await timed('file', 201, () =>
      call(server.port, 'POST', '/api/objections', 'demo-clerk', {
        recordId: record.id,
        applicant: TEST_APPLICANT,
        kind: 'wrong',
        reason: '处罚决定已被撤销',
      }),
    );
    if (!res) return;
    filed++;
    ready.push({
      id: (res.body as { id: string }).id,
      recordId: record.id,
      provider: record.provider,
      next: 'forward',
    });
  };

  const report = () =>
    timed('report', 201, () =>
      call(server.port, 'POST', '/api/reports', undefined, {
        subjectId: subjects[turn % subjects.length],
        kind: 'public',
      }),
    );
  const list = () => timed('list', 200, () => call(server.port, 'GET', '/api/cases?limit=20', 'demo-clerk'));

  let took: number;
  try {
    took = await drive(SECONDS, async () => {
      const op = turn++ % 3;
      if (op === 0) {
        const c = ready.shift();
        await (c ? advance(c) : file());
      } else if (op === 1) await report();
      else await list();
    });
    await t.settled();
  } finally {
    await server.close();
    await t.close();
    agent.destroy();
  }
  const app = all.summary(took);
  const errors = Object.values(all.errors).reduce((a, b) => a + b, 0);
  console.log(
    JSON.stringify({
      bench: 'load',
      engine: t.kind,
      database: t.db.kind,
      seconds: round(took, 1),
      concurrency: CONCURRENCY,
      ...app,
      errors,
      errorsByStatus: all.errors,
      ...(errors ? { errorSamples: all.samples } : {}),
      operations: Object.fromEntries(
        Object.entries(byOp).map(([op, s]) => {
          const { requests, p50, p95, p99 } = s.summary(took);
          return [
            op,
            { requests, p50, p95, p99, errors: Object.values(s.errors).reduce((a, b) => a + b, 0) },
          ];
        }),
      ),
      cases: { filed, closed },
      bare: baseline,
      ratio: {
        rps: round(app.rps / baseline.rps, 3),
        p50: round(app.p50 / baseline.p50, 1),
        p95: round(app.p95 / baseline.p95, 1),
        p99: round(app.p99 / baseline.p99, 1),
      },
    }),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
