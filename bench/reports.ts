/**
 * `npm run bench:reports`: credit reports over a SQLite database holding BENCH_RECORDS records (default
 * 1,000,000, seeded here into a temporary file), BENCH_PER_SUBJECT (50) per subject. Prints ONE JSON line:
 * - p50/p95 of one government report (read the subject's records, apply reportVisibility, hash, sign, store
 *   the report, write the query log — one transaction), as issueReport runs it behind POST /api/reports;
 * - reports per second with the query-log write, and without it (the baseline, measured in the same run,
 *   in alternating rounds so both see the same cache and disk), and what the log write costs.
 * HTTP and JSON serialisation are not included: they do not depend on the table's size.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Sqlite from 'better-sqlite3';
import { issueReport, type IssueOptions } from '../api/report-service';
import { openDatabase } from '../db/connection';
import { seedDemoUsers } from '../db/seed';
import { creditCodeCheckChar } from '../domain/subject-id';
import { seededRandom } from '../domain/seeded-random';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const PER_SUBJECT = Number(process.env.BENCH_PER_SUBJECT ?? 50);
const REPORTS = Number(process.env.BENCH_REPORTS ?? 2000);
const ROUNDS = 10;
const AT = '2026-11-23T02:00:00.000Z';

/** Fictional: division 999999 and a "BN" series no demo or real code uses; check characters computed. */
const subjectId = (n: number) => {
  const body = `91999999BN${String(n).padStart(6, '0')}X`;
  return body + creditCodeCheckChar(body);
};

/** Bulk insert straight through better-sqlite3: the records repository's per-row audit is not under test. */
function seed(file: string, subjects: number): void {
  const db = new Sqlite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const insert = db.prepare(
    `INSERT INTO records (id, subject_id, subject_name, subject_kind, provider_unit_id, category, list_type,
       content, decided_on, disclosure, disclosure_ends_on, version, repaired, non_disclosed, archived, deleted,
       pending_notice, consent_recorded, created_at, updated_at)
     VALUES (?, ?, ?, 'organization', ?, ?, ?, ?, ?, ?, ?, 1, ?, 0, ?, 0, 0, 0, ?, ?)`,
  );
  const random = seededRandom(12);
  const batch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const s = i % subjects;
      const roll = random();
      const dishonest = roll < 0.6;
      insert.run(
        `bench-${String(i).padStart(7, '0')}`,
        subjectId(s),
        `基准测试示例公司${s}`,
        i % 2 === 0 ? 'unit-a' : 'unit-b',
        dishonest ? 'dishonesty' : roll < 0.85 ? 'positive' : 'neutral',
        dishonest ? 'other-dishonesty' : roll < 0.85 ? 'commendation' : 'registration',
        JSON.stringify({
          title: '基准测试记录（虚构）',
          decisionNumber: `基准〔2026〕${i}号`,
          basis: '示例条例',
        }),
        '2026-06-01',
        random() < 0.8 ? 'public' : random() < 0.6 ? 'authorized' : 'government',
        dishonest ? '2026-09-01' : null,
        random() < 0.03 ? 1 : 0,
        random() < 0.05 ? 1 : 0,
        AT,
        AT,
      );
    }
  });
  for (let i = 0; i < RECORDS; i += 50_000) batch(i, Math.min(RECORDS, i + 50_000));
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
const round = (x: number, digits = 3) => Number(x.toFixed(digits));

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-reports-'));
  const file = path.join(dir, 'bench.sqlite3');
  try {
    const subjects = Math.floor(RECORDS / PER_SUBJECT);
    const db = await openDatabase(`sqlite:${file}`);
    await seedDemoUsers(db.knex, AT); // the provider units the records belong to
    await db.close();
    const seedStart = performance.now();
    seed(file, subjects);
    const seedSeconds = (performance.now() - seedStart) / 1000;

    const { knex } = await openDatabase(`sqlite:${file}`);
    const base: Omit<IssueOptions, 'log'> = {
      key: Buffer.from('bench-only-signing-key-0123456789abcdef'),
      actor: { role: 'clerk', userId: 'demo-clerk', unitId: null },
      actorName: null,
      now: new Date(AT),
    };
    const random = seededRandom(99);
    const one = async (log: boolean) => {
      const request = {
        subjectId: subjectId(Math.floor(random() * subjects)),
        kind: 'government' as const,
        purpose: 'licensing',
        authorizationCode: null,
      };
      const start = performance.now();
      const report = await issueReport(knex, request, { ...base, log });
      const ms = performance.now() - start;
      if (report.subject.id !== request.subjectId) throw new Error('wrong subject');
      return ms;
    };
    for (let i = 0; i < 200; i++) await one(i % 2 === 0); // warm up both paths

    const timings: Record<'withLog' | 'withoutLog', number[]> = { withLog: [], withoutLog: [] };
    const wall = { withLog: 0, withoutLog: 0 };
    const perRound = Math.ceil(REPORTS / ROUNDS);
    for (let r = 0; r < ROUNDS; r++) {
      for (const mode of ['withLog', 'withoutLog'] as const) {
        const start = performance.now();
        for (let i = 0; i < perRound; i++) timings[mode].push(await one(mode === 'withLog'));
        wall[mode] += performance.now() - start;
      }
    }
    const records = Number((await knex('records').count({ n: '*' }).first())?.n);
    const logged = Number((await knex('query_log').count({ n: '*' }).first())?.n);
    await knex.destroy();

    const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
    const withLog = sorted(timings.withLog);
    const withoutLog = sorted(timings.withoutLog);
    const perSec = (mode: 'withLog' | 'withoutLog') => timings[mode].length / (wall[mode] / 1000);
    console.log(
      JSON.stringify({
        bench: 'reports',
        database: 'sqlite',
        records,
        recordsPerSubject: PER_SUBJECT,
        reports: withLog.length,
        p50Ms: round(percentile(withLog, 0.5)),
        p95Ms: round(percentile(withLog, 0.95)),
        reportsPerSec: Math.round(perSec('withLog')),
        p50MsWithoutLog: round(percentile(withoutLog, 0.5)),
        p95MsWithoutLog: round(percentile(withoutLog, 0.95)),
        reportsPerSecWithoutLog: Math.round(perSec('withoutLog')),
        logWriteCostPct: round((perSec('withoutLog') / perSec('withLog') - 1) * 100, 1),
        queryLogEntries: logged,
        seedSeconds: round(seedSeconds, 1),
        node: process.version,
      }),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
