import type { Knex } from 'knex';
import { chunks } from '../db/chunks';
import { markOutboxDelivered, undeliveredOutbox, type OutboxEvent } from '../db/outbox';
import { isIsoDate } from '../domain/calendar';
import { isExpiryWorkflowId } from '../domain/record-expiry';
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

/** The Shanghai dates the pending calendar changes touch; null when some change's reach is unknown. */
export function changedDates(events: OutboxEvent[]): { from: string; to: string } | null {
  let from = '9999-12-31';
  let to = '0000-01-01';
  for (const e of events) {
    const { action, entityId } = (e.payload ?? {}) as { action?: string; entityId?: string };
    const span =
      action === 'calendar.year.published' && /^\d{4}$/.test(entityId ?? '')
        ? [`${entityId}-01-01`, `${entityId}-12-31`]
        : (action === 'calendar.day.set' || action === 'calendar.day.cleared') && isIsoDate(entityId)
          ? [entityId, entityId]
          : null;
    if (!span) return null;
    if (span[0] < from) from = span[0];
    if (span[1] > to) to = span[1];
  }
  return { from, to };
}

/**
 * The running cases a change over `dates` can move: those whose projected clocks run over one of those
 * dates (cases.watch_from/watch_until), and any not projected yet. Every running case when the dates are
 * unknown.
 */
async function casesMovedBy(
  knex: Knex,
  running: string[],
  dates: { from: string; to: string } | null,
): Promise<string[]> {
  if (!dates) return running;
  const unaffected = new Set<string>();
  for (const ids of chunks(running)) {
    const rows: {
      id: string;
      closed_at: string | null;
      watch_from: string | null;
      watch_until: string | null;
    }[] = await knex('cases').whereIn('id', ids).select('id', 'closed_at', 'watch_from', 'watch_until');
    for (const r of rows) {
      const watched =
        r.closed_at === null &&
        r.watch_from !== null &&
        r.watch_from <= dates.to &&
        (r.watch_until === null || r.watch_until >= dates.from);
      if (!watched) unaffected.add(r.id);
    }
  }
  return running.filter((id) => !unaffected.has(id));
}

/**
 * Delivers "calendar changed" outbox events to the running cases whose open deadlines they can move. One signal per case covers any
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
    // Records' expiry timers do not follow calendar edits (domain/record-expiry.ts): only cases are told.
    const cases = (await engine.listRunning()).filter((id) => !isExpiryWorkflowId(id));
    for (const id of await casesMovedBy(knex, cases, changedDates(events))) {
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
