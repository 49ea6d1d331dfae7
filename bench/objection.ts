/**
 * `npm run bench:objection`: the objection workflow on the in-process engine, in virtual time, over a
 * real (in-memory SQLite) database. Prints ONE JSON line:
 * - history events per case on the happy path and on the worst path (every stage late), and for a case
 *   left unanswered for two years, the runs it took and the largest run's events and bytes;
 * - full lifecycles per second (accept → forward → uphold → process, N cases in flight at once);
 * - the same lifecycles through the pure state machine alone, measured in the same run, as the
 *   baseline the engine's cost is a ratio of (these machines are noisy; ratios travel, seconds don't);
 * - with TEMPORAL_ADDRESS (a Temporal dev server): the same lifecycles on that server with one worker
 *   (wall time, so without the days between steps), and the events and bytes of a history it wrote.
 */
import { applyAction, openObjection, type ObjectionCase } from '../domain/cases/objection';
import type { Actor } from '../domain/cases/types';
import { policyFor } from '../domain/policy';
import { caseAction, OBJECTION_WORKFLOW } from '../workflows/messages';
import crypto from 'node:crypto';
import { temporal } from '@temporalio/proto';
import { testApp } from '../test/support/app';
import { type TestEngineKind } from '../test/support/engines';
import { objectionInput } from '../test/support/objection-input';
import { happyPath, worstPath } from '../test/support/objection-paths';

const CASES = Number(process.env.BENCH_CASES ?? 100);
const DEV_CASES = Number(process.env.BENCH_DEV_CASES ?? 50);
const clerk: Actor = { role: 'clerk', userId: 'demo-clerk', unitId: null };
const provider: Actor = { role: 'provider', userId: 'demo-provider-a', unitId: 'unit-a' };

const historyBytes = (h: temporal.api.history.v1.IHistory) =>
  temporal.api.history.v1.History.encode(h).finish().length;

async function historySize(run: typeof happyPath): Promise<{ events: number; bytes: number }> {
  const t = await testApp({ engine: 'in-process' });
  try {
    await run(t, 'bench-case', 'rec-000001');
    const h = await t.history('bench-case');
    return { events: h.events?.length ?? 0, bytes: historyBytes(h) };
  } finally {
    await t.close();
  }
}

/**
 * A provider that never answers: the case reminds every working day for two years, continuing as new
 * whenever its history grows too long. The runs it took, and the largest of them in events and bytes.
 */
async function unansweredForTwoYears(): Promise<{ runs: number; events: number; bytes: number }> {
  const t = await testApp({ engine: 'in-process' });
  try {
    await t.engine.start(OBJECTION_WORKFLOW, 'bench-unanswered', [
      objectionInput('bench-unanswered', 'rec-000001', t.now()),
    ]);
    await t.settled();
    await t.engine.update('bench-unanswered', caseAction, { action: 'forward', actor: clerk, body: {} });
    await t.advanceTo('2028-09-30T02:00:00.000Z');
    const runs = t.inProcess().runs('bench-unanswered');
    const histories = runs.map((r) => t.inProcess().history('bench-unanswered', r.runId));
    return {
      runs: runs.length,
      events: Math.max(...histories.map((h) => h.events?.length ?? 0)),
      bytes: Math.max(...histories.map(historyBytes)),
    };
  } finally {
    await t.close();
  }
}

/** N concurrent happy-path objections on distinct visible records of unit-a; returns lifecycles/s. */
async function engineLifecycles(
  kind: TestEngineKind,
  cases = CASES,
): Promise<{ perSec: number; activations: number; history?: { events: number; bytes: number } }> {
  const t = await testApp({ engine: kind });
  try {
    const records: string[] = (
      await t.db
        .knex('records')
        .where({
          provider_unit_id: 'unit-a',
          archived: false,
          repaired: false,
          pending_notice: false,
          non_disclosed: false,
          deleted: false,
        })
        .orderBy('id')
        .limit(cases)
        .select('id')
    ).map((r) => r.id);
    // Unique per run: a server keeps closed ids and refuses them again.
    const run = crypto.randomUUID().slice(0, 8);
    const ids = records.map((_, i) => `bench-${run}-${i}`);
    const body = { correction: 'correct', content: { penalty: '已撤销' }, reason: '核实' };
    const t0 = performance.now();
    await Promise.all(
      ids.map((id, i) => t.engine.start(OBJECTION_WORKFLOW, id, [objectionInput(id, records[i], t.now())])),
    );
    await Promise.all(
      ids.map((id) => t.engine.update(id, caseAction, { action: 'forward', actor: clerk, body: {} })),
    );
    if (kind !== 'dev') await t.advanceWorkingDays(3);
    await Promise.all(
      ids.map((id) => t.engine.update(id, caseAction, { action: 'uphold', actor: provider, body })),
    );
    if (kind !== 'dev') await t.advanceWorkingDays(1);
    await Promise.all(
      ids.map((id) => t.engine.update(id, caseAction, { action: 'process', actor: clerk, body: {} })),
    );
    const seconds = (performance.now() - t0) / 1000;
    const completed = (await Promise.all(ids.map((id) => t.engine.describe(id)))).filter(
      (d) => d.status === 'completed',
    );
    if (completed.length !== ids.length)
      throw new Error(`${ids.length - completed.length} lifecycles did not complete`);
    if (kind === 'dev') {
      const h = await t.history(ids[0]);
      return {
        perSec: ids.length / seconds,
        activations: 0,
        history: { events: h.events?.length ?? 0, bytes: historyBytes(h) },
      };
    }
    return { perSec: ids.length / seconds, activations: t.inProcess().stats.activations };
  } finally {
    await t.close();
  }
}

/** The same transitions with no engine, no I/O: the floor the engine is measured against. */
function machineLifecyclesPerSec(): number {
  const policy = policyFor('xiamen');
  const n = 20_000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    let c: ObjectionCase = openObjection(
      objectionInput(`m-${i}`, 'rec-000001', '2026-09-30T02:00:00.000Z'),
      policy,
    ).next;
    c = applyAction(
      c,
      { action: 'forward', actor: clerk, body: {} },
      '2026-09-30T03:00:00.000Z',
      policy,
    ).next;
    c = applyAction(
      c,
      { action: 'dismiss', actor: provider, body: { reason: 'x' } },
      '2026-10-09T02:00:00.000Z',
      policy,
    ).next;
    applyAction(c, { action: 'process', actor: clerk, body: {} }, '2026-10-12T02:00:00.000Z', policy);
  }
  return n / ((performance.now() - t0) / 1000);
}

async function main(): Promise<void> {
  const happy = await historySize(happyPath);
  const worst = await historySize(worstPath);
  const unanswered = await unansweredForTwoYears();
  await engineLifecycles('in-process'); // warm-up: bundle cache, VM, JIT
  const engine = await engineLifecycles('in-process');
  const machine = machineLifecyclesPerSec();
  const dev = process.env.TEMPORAL_ADDRESS ? await engineLifecycles('dev', DEV_CASES) : null;
  console.log(
    JSON.stringify({
      bench: 'objection',
      historyEventsHappyPath: happy.events,
      historyBytesHappyPath: happy.bytes,
      historyEventsWorstPath: worst.events,
      historyBytesWorstPath: worst.bytes,
      unansweredTwoYearsRuns: unanswered.runs,
      unansweredTwoYearsMaxEventsPerRun: unanswered.events,
      unansweredTwoYearsMaxBytesPerRun: unanswered.bytes,
      casesInFlight: CASES,
      engineLifecyclesPerSec: Math.round(engine.perSec),
      activationsPerLifecycle: Math.round(engine.activations / CASES),
      machineLifecyclesPerSec: Math.round(machine),
      engineCostRatio: Math.round(machine / engine.perSec),
      ...(dev
        ? {
            devServerCasesInFlight: DEV_CASES,
            devServerLifecyclesPerSec: Math.round(dev.perSec * 10) / 10,
            devServerVsInProcessRatio: Math.round((engine.perSec / dev.perSec) * 10) / 10,
            devServerHistoryEventsHappyPath: dev.history!.events,
            devServerHistoryBytesHappyPath: dev.history!.bytes,
          }
        : { devServer: 'skipped: no Temporal server (TEMPORAL_ADDRESS not set)' }),
      node: process.version,
    }),
  );
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
