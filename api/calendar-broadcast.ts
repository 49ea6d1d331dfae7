import type { Knex } from 'knex';
import { markOutboxDelivered, undeliveredOutbox } from '../db/outbox';
import { WorkflowNotFoundError } from '../engine/errors';
import type { CaseEngine } from '../engine/types';
import { calendarChanged } from '../workflows/messages';

/**
 * Delivers "calendar changed" outbox events to every running case, then marks them delivered. One
 * signal per case covers any number of pending events (the case reloads the whole calendar). Runs are
 * serialized; a failure leaves the events undelivered for the next run.
 */
export function calendarBroadcaster(knex: Knex, engine: CaseEngine, now: () => Date) {
  let running: Promise<void> = Promise.resolve();

  async function deliver(): Promise<void> {
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
    await markOutboxDelivered(
      knex,
      events.map((e) => e.id),
      now().toISOString(),
    );
  }

  return {
    /** Queues a delivery run; resolves when it (and any run before it) has finished. */
    deliver(): Promise<void> {
      running = running.then(deliver, deliver);
      return running;
    },
  };
}
