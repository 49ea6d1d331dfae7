/**
 * How long arming records' expiry timers takes (厦门办法第二十八条; api/expiry-timers.ts), timed until every
 * timer is set (the first workflow task of each has run and started its timer) — on the in-process engine,
 * and on a Temporal server with one worker. The records are made up, their periods ending over five years
 * of days as a register's do, so they share the timers of their days (workflows/archive-day.ts). The
 * baseline, measured in the same run: the same number of records each given a timer of its own
 * (workflows/record-expiry.ts), as every record was before day timers, scaled from a smaller count.
 * Nothing fires while this runs.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import { createActivities } from '../activities';
import { armExpiryTimers, armRecordTimers } from '../api/expiry-timers';
import type { TimedRecord } from '../db/record-collection';
import { formatDate, parseDate } from '../domain/calendar/day-number';
import { archiveDayWorkflowId, expiryWorkflowId } from '../domain/record-expiry';
import { createWorker, InProcessEngine, TemporalEngine, VirtualClock, type CaseEngine } from '../engine';
import { freshDatabase } from '../test/support/db';

const WORKFLOWS = path.join(__dirname, '..', 'workflows');
const NOW = new Date('2026-09-30T02:00:00.000Z');
const FIRST_DAY = parseDate('2027-01-01');
const DAYS = 5 * 365;

const records = (n: number, firstDay = FIRST_DAY): TimedRecord[] =>
  Array.from({ length: n }, (_, i) => ({
    recordId: `rec-bench-${i}`,
    endsOn: formatDate(firstDay + (i % DAYS)),
  }));

const daysOf = (batch: TimedRecord[]) => [...new Set(batch.map((r) => r.endsOn))];

/** Times `arm`, then waits with `set` until its timers are set; figures per record. */
async function timed(n: number, arm: () => Promise<void>, set: () => Promise<void>) {
  const start = performance.now();
  await arm();
  const startedMs = performance.now() - start;
  await set();
  const ms = performance.now() - start;
  return {
    records: n,
    startedMs: Math.round(startedMs),
    ms: Math.round(ms),
    perSec: Math.round(n / (ms / 1000)),
  };
}

export async function armInProcess(n: number, ownTimers: number) {
  const db = await freshDatabase();
  const open = () =>
    InProcessEngine.create({
      workflowsPath: WORKFLOWS,
      activities: createActivities({ knex: db.knex }),
      clock: new VirtualClock(NOW.toISOString()),
    });
  try {
    const batch = records(n);
    const days = await withEngine(open, (engine) =>
      timed(
        n,
        () => armExpiryTimers(db.knex, engine, batch, NOW),
        () => engine.settled(),
      ),
    );
    const baseline = await withEngine(open, (engine) =>
      timed(
        ownTimers,
        () => armRecordTimers(engine, records(ownTimers)),
        () => engine.settled(),
      ),
    );
    return { dayTimers: { ...days, timers: daysOf(batch).length }, ownTimersBaseline: baseline };
  } finally {
    await db.close();
  }
}

export async function armOnServer(address: string, n: number, ownTimers: number) {
  const db = await freshDatabase();
  const config = { address, namespace: 'default', taskQueue: `bench-expiry-${crypto.randomUUID()}` };
  const temporal = await TemporalEngine.connect(config);
  const { worker, connection } = await createWorker({
    workflowsPath: WORKFLOWS,
    activities: createActivities({ knex: db.knex }),
    config,
  });
  const running = worker.run();
  // Workflow tasks are handed out about in start order: once the last one has set its timer, all have.
  const timerSet = (workflowId: string) => async () => {
    for (;;) {
      const events = (await temporal.fetchHistory(workflowId)).events ?? [];
      if (events.some((e) => e.timerStartedEventAttributes)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  try {
    // Days of their own, far ahead: a server keeps the day timers earlier runs started (on their queues).
    const batch = records(n, FIRST_DAY + DAYS * (1 + crypto.randomInt(1000)));
    const days = daysOf(batch);
    const dayTimers = await timed(
      n,
      () => armExpiryTimers(db.knex, temporal, batch, new Date()),
      timerSet(archiveDayWorkflowId(days[days.length - 1])),
    );
    // Unique ids: a server keeps closed and running workflows of earlier runs.
    const own = records(ownTimers).map((r) => ({ ...r, recordId: `${r.recordId}-${crypto.randomUUID()}` }));
    const baseline = await timed(
      ownTimers,
      () => armRecordTimers(temporal, own),
      timerSet(expiryWorkflowId(own[own.length - 1].recordId)),
    );
    return { dayTimers: { ...dayTimers, timers: days.length }, ownTimersBaseline: baseline };
  } finally {
    worker.shutdown();
    await running;
    await connection.close();
    await temporal.close();
    await db.close();
  }
}

async function withEngine<E extends CaseEngine, T>(
  open: () => Promise<E>,
  use: (engine: E) => Promise<T>,
): Promise<T> {
  const engine = await open();
  try {
    return await use(engine);
  } finally {
    await engine.close();
  }
}
