import type { Knex } from 'knex';
import { markOutboxDelivered, undeliveredOutbox } from '../db/outbox';
import { WorkflowNotFoundError } from '../engine/errors';
import type { CaseEngine } from '../engine/types';
import { calendarChanged } from '../workflows/messages';

/**
 * How long a case started just before a calendar edit may be missing from the engine's list of running
 * workflows. Temporal's visibility store lags behind; the in-process engine's list is exact.
 */
export function visibilityLagMs(engine: CaseEngine): number {
  return engine.kind === 'temporal' ? 10_000 : 0;
}

/**
 * Delivers "calendar changed" outbox events to every running case. One signal per case covers any
 * number of pending events (the case reloads the whole calendar), and a repeated signal is harmless, so
 * an event stays undelivered — and is broadcast again by a follow-up run — until the engine's list of
 * running cases is certain to include every case that could have loaded the old calendar. Runs are
 * serialized; a failure leaves the events undelivered for the next run.
 */
export function calendarBroadcaster(
  knex: Knex,
  engine: CaseEngine,
  now: () => Date,
  lagMs = visibilityLagMs(engine),
) {
  let running: Promise<void> = Promise.resolve();
  let followUp: NodeJS.Timeout | null = null;

  async function deliver(): Promise<void> {
    const listedAt = now().getTime();
    const events = await undeliveredOutbox(knex);
    if (events.length === 0) return;
    for (const id of await engine.listRunning()) {
      try {
        await engine.signal(id, calendarChanged);
      } catch (err) {
        // It closed since it was listed: nothing left to recompute.
        if (!(err instanceof WorkflowNotFoundError)) throw err;
      }
    }
    const settled = events.filter((e) => Date.parse(e.createdAt) <= listedAt - lagMs);
    await markOutboxDelivered(
      knex,
      settled.map((e) => e.id),
      now().toISOString(),
    );
    if (settled.length < events.length && !followUp) {
      followUp = setTimeout(() => {
        followUp = null;
        void broadcaster.deliver().catch(() => undefined); // retried by the next change or restart
      }, lagMs);
      followUp.unref();
    }
  }

  const broadcaster = {
    /** Queues a delivery run; resolves when it (and any run before it) has finished. */
    deliver(): Promise<void> {
      running = running.then(deliver, deliver);
      return running;
    },
    /** Stops a pending follow-up run (on shutdown). */
    close(): void {
      if (followUp) clearTimeout(followUp);
      followUp = null;
    },
  };
  return broadcaster;
}
