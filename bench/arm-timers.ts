/**
 * How long arming records' expiry timers takes (厦门办法第二十八条; workflows/record-expiry.ts): `n`
 * recordExpiryWorkflow starts through api/expiry-timers.ts, timed until every timer is set (the first
 * workflow task of each has run and started its timer) — on the in-process engine, and on a Temporal
 * server with one worker. Record ids are made up: nothing fires while this runs.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import { createActivities } from '../activities';
import { armExpiryTimers } from '../api/expiry-timers';
import type { TimedRecord } from '../db/record-collection';
import { expiryWorkflowId } from '../domain/record-expiry';
import { createWorker, InProcessEngine, TemporalEngine, VirtualClock } from '../engine';
import { freshDatabase } from '../test/support/db';

const WORKFLOWS = path.join(__dirname, '..', 'workflows');

const records = (n: number): TimedRecord[] =>
  Array.from({ length: n }, (_, i) => ({ recordId: `rec-bench-${i}`, endsOn: '2027-03-01' }));

export async function armInProcess(n: number) {
  const db = await freshDatabase();
  const engine = await InProcessEngine.create({
    workflowsPath: WORKFLOWS,
    activities: createActivities({ knex: db.knex }),
    clock: new VirtualClock('2026-09-30T02:00:00.000Z'),
  });
  try {
    const start = performance.now();
    await armExpiryTimers(db.knex, engine, records(n));
    await engine.settled();
    const ms = performance.now() - start;
    return {
      timers: n,
      ms: Math.round(ms),
      perSec: Math.round(n / (ms / 1000)),
      evictions: engine.stats.evictions,
    };
  } finally {
    await engine.close();
    await db.close();
  }
}

export async function armOnServer(address: string, n: number) {
  const db = await freshDatabase();
  const config = { address, namespace: 'default', taskQueue: `bench-expiry-${crypto.randomUUID()}` };
  const temporal = await TemporalEngine.connect(config);
  const { worker, connection } = await createWorker({
    workflowsPath: WORKFLOWS,
    activities: createActivities({ knex: db.knex }),
    config,
  });
  const running = worker.run();
  try {
    const batch = records(n);
    const start = performance.now();
    await armExpiryTimers(db.knex, temporal, batch);
    const startedMs = performance.now() - start;
    // Workflow tasks are handed out about in start order: once the last one has set its timer, all have.
    const last = expiryWorkflowId(batch[batch.length - 1].recordId);
    for (;;) {
      const events = (await temporal.fetchHistory(last)).events ?? [];
      if (events.some((e) => e.timerStartedEventAttributes)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const ms = performance.now() - start;
    return {
      timers: n,
      startedMs: Math.round(startedMs),
      ms: Math.round(ms),
      perSec: Math.round(n / (ms / 1000)),
    };
  } finally {
    worker.shutdown();
    await running;
    await connection.close();
    await temporal.close();
    await db.close();
  }
}
