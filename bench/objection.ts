/**
 * `npm run bench:objection`: the objection workflow on the in-process engine, in virtual time, over a
 * real (in-memory SQLite) database. Prints ONE JSON line:
 * - history events per case on the happy path and on the worst path (every stage late);
 * - full lifecycles per second (accept → forward → uphold → process, N cases in flight at once);
 * - the same lifecycles through the pure state machine alone, measured in the same run, as the
 *   baseline the engine's cost is a ratio of (these machines are noisy; ratios travel, seconds don't).
 */
import { applyAction, openObjection, type ObjectionCase } from '../domain/cases/objection';
import type { Actor } from '../domain/cases/types';
import { policyFor } from '../domain/policy';
import { caseAction, OBJECTION_WORKFLOW } from '../workflows/messages';
import { testApp } from '../test/support/app';
import { objectionInput } from '../test/support/objection-input';
import { happyPath, worstPath } from '../test/support/objection-paths';

const CASES = Number(process.env.BENCH_CASES ?? 100);
const clerk: Actor = { role: 'clerk', userId: 'demo-clerk', unitId: null };
const provider: Actor = { role: 'provider', userId: 'demo-provider-a', unitId: 'unit-a' };

async function historyEvents(run: typeof happyPath): Promise<number> {
  const t = await testApp();
  try {
    await run(t, 'bench-case', 'rec-000001');
    return t.inProcess().history('bench-case').events?.length ?? 0;
  } finally {
    await t.close();
  }
}

/** N concurrent happy-path objections on distinct visible records of unit-a; returns lifecycles/s. */
async function engineLifecycles(): Promise<{ perSec: number; activations: number }> {
  const t = await testApp();
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
        .limit(CASES)
        .select('id')
    ).map((r) => r.id);
    const ids = records.map((_, i) => `bench-${i}`);
    const body = { correction: 'correct', content: { penalty: '已撤销' }, reason: '核实' };
    const t0 = performance.now();
    await Promise.all(
      ids.map((id, i) => t.engine.start(OBJECTION_WORKFLOW, id, [objectionInput(id, records[i], t.now())])),
    );
    await Promise.all(
      ids.map((id) => t.engine.update(id, caseAction, { action: 'forward', actor: clerk, body: {} })),
    );
    await t.advanceWorkingDays(3);
    await Promise.all(
      ids.map((id) => t.engine.update(id, caseAction, { action: 'uphold', actor: provider, body })),
    );
    await t.advanceWorkingDays(1);
    await Promise.all(
      ids.map((id) => t.engine.update(id, caseAction, { action: 'process', actor: clerk, body: {} })),
    );
    const seconds = (performance.now() - t0) / 1000;
    const completed = (await Promise.all(ids.map((id) => t.engine.describe(id)))).filter(
      (d) => d.status === 'completed',
    );
    if (completed.length !== ids.length)
      throw new Error(`${ids.length - completed.length} lifecycles did not complete`);
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
  const happyEvents = await historyEvents(happyPath);
  const worstEvents = await historyEvents(worstPath);
  await engineLifecycles(); // warm-up: bundle cache, VM, JIT
  const engine = await engineLifecycles();
  const machine = machineLifecyclesPerSec();
  console.log(
    JSON.stringify({
      bench: 'objection',
      historyEventsHappyPath: happyEvents,
      historyEventsWorstPath: worstEvents,
      casesInFlight: CASES,
      engineLifecyclesPerSec: Math.round(engine.perSec),
      activationsPerLifecycle: Math.round(engine.activations / CASES),
      machineLifecyclesPerSec: Math.round(machine),
      engineCostRatio: Math.round(machine / engine.perSec),
      node: process.version,
    }),
  );
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
