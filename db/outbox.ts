import type { Knex } from 'knex';

export type OutboxKind = 'calendar.changed';

export interface OutboxEvent {
  id: number;
  kind: OutboxKind;
  payload: unknown;
  createdAt: string;
}

/** Records an event for running cases in the same transaction as the change that raised it. */
export async function enqueueOutbox(
  trx: Knex | Knex.Transaction,
  kind: OutboxKind,
  payload: unknown,
  at: string,
) {
  await trx('outbox_events').insert({ kind, payload: JSON.stringify(payload), created_at: at });
}

export async function undeliveredOutbox(knex: Knex): Promise<OutboxEvent[]> {
  const rows = await knex('outbox_events').whereNull('delivered_at').orderBy('id');
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    payload: JSON.parse(r.payload),
    createdAt: r.created_at,
  }));
}

export async function markOutboxDelivered(knex: Knex, ids: number[], at: string): Promise<void> {
  if (ids.length) await knex('outbox_events').whereIn('id', ids).update({ delivered_at: at });
}
