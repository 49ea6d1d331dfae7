/**
 * `npm run bench:engine`: throughput of the in-process engine on the fixture workflows, in
 * virtual time. Prints ONE JSON line.
 *
 * A lifecycle = start a deadline case (1 activity), refuse one bad update, decide it with a
 * valid update (1 activity), query it, until completed; every other case instead runs to its
 * deadline (timer fires, 1 activity). Measured with the sandbox's per-call watchdog (the
 * default, as on a Worker) and without it (`isolateExecutionTimeoutMs: 0`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InProcessEngine, VirtualClock, replayHistories } from '../engine';
import { loadWorkflowBundle } from '../engine/in-process/bundle';
import { createFixtureActivities } from '../test/fixtures/activities';
import { caseState, decide } from '../test/fixtures/messages';

const workflowsPath = path.join(__dirname, '..', 'test', 'fixtures', 'workflows.ts');
const LIFECYCLES = Number(process.env.BENCH_LIFECYCLES ?? 1_000);
const HOUR = 3_600_000;

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await fn();
  return [value, performance.now() - t0];
}

/** Runs LIFECYCLES lifecycles on a fresh engine; the watchdog is the sandbox's per-call timeout. */
async function measure(cacheDir: string, isolateExecutionTimeoutMs: number) {
  const clock = new VirtualClock('2026-09-30T02:00:00Z');
  const [engine, engineCreateMs] = await timed(() =>
    InProcessEngine.create({
      workflowsPath,
      activities: createFixtureActivities(),
      clock,
      bundleCacheDir: cacheDir,
      isolateExecutionTimeoutMs,
      workflowLog: () => undefined,
    }),
  );

  const lifecycle = async (i: number) => {
    const id = `bench-${i}`;
    await engine.start('deadlineCase', id, [HOUR]);
    if (i % 2 === 0) {
      await engine.update(id, decide, { outcome: 'upheld', reason: '' }).catch(() => undefined);
      await engine.update(id, decide, { outcome: 'upheld', reason: 'corrected' });
    }
    await engine.query(id, caseState);
  };

  // Warm up the sandbox and V8 before measuring.
  for (let i = 0; i < 50; i++) await lifecycle(-1 - i);
  await engine.advanceBy(HOUR);
  const before = engine.stats.activations;

  const [, runMs] = await timed(async () => {
    for (let i = 0; i < LIFECYCLES; i++) await lifecycle(i);
    await engine.advanceBy(HOUR); // the undecided half reach their deadline
  });
  const activations = engine.stats.activations - before;
  const described = await Promise.all(
    Array.from({ length: LIFECYCLES }, (_, i) => engine.describe(`bench-${i}`)),
  );
  const completed = described.filter((d) => d.status === 'completed').length;
  if (completed !== LIFECYCLES) throw new Error(`only ${completed}/${LIFECYCLES} lifecycles completed`);

  const histories = [0, 1].map((i) => ({ workflowId: `bench-${i}`, history: engine.history(`bench-${i}`) }));
  await replayHistories({ workflowsPath, histories }); // the first replay starts the native runtime
  const [, replayMs] = await timed(() => replayHistories({ workflowsPath, histories }));
  await engine.close();
  return {
    engineCreateMs,
    activationsPerSec: Math.round(activations / (runMs / 1000)),
    lifecyclesPerSec: Math.round(LIFECYCLES / (runMs / 1000)),
    activationsPerLifecycle: Math.round((activations / LIFECYCLES) * 10) / 10,
    replayMsPerHistory: Math.round((replayMs / histories.length) * 10) / 10,
  };
}

async function main(): Promise<void> {
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-bench-'));
  const [, bundleMsCold] = await timed(() => loadWorkflowBundle({ workflowsPath, cacheDir }));
  const [, bundleMsCached] = await timed(() => loadWorkflowBundle({ workflowsPath, cacheDir }));

  const safe = await measure(cacheDir, 5_000);
  const fast = await measure(cacheDir, 0);
  fs.rmSync(cacheDir, { recursive: true, force: true });

  const round = (n: number) => Math.round(n * 10) / 10;
  console.log(
    JSON.stringify({
      bench: 'engine',
      lifecycles: LIFECYCLES,
      bundleMsCold: round(bundleMsCold),
      bundleMsCached: round(bundleMsCached),
      engineCreateMs: round(safe.engineCreateMs),
      activationsPerSec: safe.activationsPerSec,
      lifecyclesPerSec: safe.lifecyclesPerSec,
      activationsPerLifecycle: safe.activationsPerLifecycle,
      activationsPerSecNoWatchdog: fast.activationsPerSec,
      lifecyclesPerSecNoWatchdog: fast.lifecyclesPerSec,
      replayMsPerHistory: safe.replayMsPerHistory,
      node: process.version,
      cpus: os.cpus().length,
    }),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
