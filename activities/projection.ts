import type { Knex } from 'knex';
import { calendarWatch } from '../domain/cases/summary';
import { utc } from './effects';
import type { CaseProjection } from './types';

/** Writes what changed of a case to its projection (the cases row, its units, records and new events). */
export async function writeProjection(
  trx: Knex.Transaction,
  { summary, events }: CaseProjection,
): Promise<void> {
  const watch = calendarWatch(summary);
  const row = {
    id: summary.id,
    type: summary.type,
    state: summary.state,
    profile: summary.profile,
    opened_at: utc(summary.openedAt),
    closed_at: summary.closedAt && utc(summary.closedAt),
    outcome: summary.outcome,
    next_deadline: summary.nextDeadline && utc(summary.nextDeadline),
    breached: summary.breached,
    view: JSON.stringify(summary),
    timeline_length: summary.timelineLength,
    watch_from: watch?.from ?? null,
    watch_until: watch?.until ?? null,
    updated_at: new Date().toISOString(),
  };
  const existing = await trx('cases').where({ id: summary.id }).first('timeline_length');
  if (!existing) await trx('cases').insert(row);
  // A retried older projection must not overwrite a newer one.
  else if (Number(existing.timeline_length) <= summary.timelineLength) {
    await trx('cases').where({ id: summary.id }).update(row);
  }
  const units = summary.units.map((unit_id) => ({ case_id: summary.id, unit_id }));
  if (units.length) await trx('case_units').insert(units).onConflict(['case_id', 'unit_id']).ignore();
  const records = summary.recordIds.map((record_id) => ({ case_id: summary.id, record_id }));
  if (records.length) {
    await trx('case_records').insert(records).onConflict(['case_id', 'record_id']).ignore();
  }
  const known = await trx('case_events').where({ case_id: summary.id }).max({ seq: 'seq' }).first();
  const fresh = events.filter((e) => e.seq > Number(known?.seq ?? 0));
  if (fresh.length) {
    await trx('case_events').insert(
      fresh.map((e) => ({
        case_id: summary.id,
        seq: e.seq,
        at: utc(e.at),
        actor_role: e.actor.role,
        actor_id: e.actor.userId,
        actor_unit_id: e.actor.unitId,
        event: e.event,
        detail: JSON.stringify(e.detail),
      })),
    );
  }
  // A task's due date follows its stage's deadline (calendar edits, pauses).
  const open = summary.stages.find((s) => !s.completedAt);
  if (open) {
    await trx('tasks')
      .where({ id: `${summary.id}:${open.name}`, status: 'open' })
      .update({ due_at: utc(open.deadline) });
  }
}
