/**
 * The case workflows' side effects, built over their dependencies (STYLE.md: activities as a factory),
 * so tests pass a real database. Each is idempotent: keyed by case and step, safe to run twice.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { Knex } from 'knex';
import { loadCalendarData } from '../db/calendar';
import {
  annotateObjection,
  clearObjection,
  getRecord,
  markArchived,
  markDeleted,
  markNoticeServed,
  markNonDisclosed,
  markRepaired,
  RecordConflictError,
  releaseRepair,
  suspendForCase,
  unsuspendForCase,
  writeRecordVersion,
} from '../db/records';
import { calendarWatch } from '../domain/cases/summary';
import { createExpiryActivities } from './expiry';
import { RECORD_UNAVAILABLE, type CaseActivities, type RecordStep } from './types';

export interface ActivityDeps {
  knex: Knex;
}

/** Workflow-driven record changes are made by the system on the case's behalf. */
const SYSTEM_ACTOR = { role: 'system', userId: null };

export function createActivities({ knex }: ActivityDeps): CaseActivities {
  const flag = (step: RecordStep) => ({
    recordId: step.recordId,
    caseId: step.caseId,
    at: step.at,
    actor: SYSTEM_ACTOR,
  });

  return {
    ...createExpiryActivities({ knex }),
    loadCalendar: () => loadCalendarData(knex),

    async projectCase({ summary, events }) {
      const watch = calendarWatch(summary);
      await knex.transaction(async (trx) => {
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
      });
    },

    async annotateRecord(step) {
      try {
        await annotateObjection(knex, flag(step));
      } catch (err) {
        if (err instanceof RecordConflictError) {
          throw ApplicationFailure.create({
            type: RECORD_UNAVAILABLE,
            message: err.message,
            nonRetryable: true,
          });
        }
        throw err;
      }
    },
    clearAnnotation: async (step) => void (await clearObjection(knex, flag(step))),
    suspendRecord: async (step) => void (await suspendForCase(knex, flag(step))),
    unsuspendRecord: async (step) => void (await unsuspendForCase(knex, flag(step))),

    async writeRecordVersion(step) {
      const added = step.content as Record<string, unknown>;
      // A supplement adds to the content as it stood before this case's write (a retry finds the key first).
      const content = step.merge
        ? { ...((await getRecord(knex, step.recordId))?.content as object), ...added }
        : added;
      await writeRecordVersion(knex, {
        recordId: step.recordId,
        content,
        reason: step.reason,
        caseId: step.caseId,
        idempotencyKey: step.key,
        at: step.at,
        actor: SYSTEM_ACTOR,
      });
    },
    markRecordDeleted: async (step) => void (await markDeleted(knex, { ...flag(step), reason: step.reason })),
    collectRecord: async (step) => void (await markNoticeServed(knex, flag(step))),
    markRecordRepaired: async (step) => void (await markRepaired(knex, flag(step))),
    releaseRepairClaim: async (step) => void (await releaseRepair(knex, flag(step))),
    markRecordNonDisclosed: async (step) => void (await markNonDisclosed(knex, flag(step))),
    markRecordArchived: async (step) => void (await markArchived(knex, flag(step))),

    async openTask(step) {
      await knex('tasks')
        .insert({
          id: `${step.caseId}:${step.stage}`,
          case_id: step.caseId,
          case_type: step.caseType,
          stage: step.stage,
          kind: step.kind,
          unit_id: step.unitId,
          record_id: step.recordId,
          created_at: utc(step.at),
          due_at: utc(step.dueAt),
          status: 'open',
          closed_at: null,
        })
        .onConflict('id')
        .ignore();
    },

    async closeTask(step) {
      await knex('tasks')
        .where({ id: `${step.caseId}:${step.stage}`, status: 'open' })
        .update({ status: step.status, closed_at: utc(step.at) });
    },

    async recordSlaBreach(step) {
      await knex('sla_breaches')
        .insert({
          case_id: step.caseId,
          stage: step.stage,
          rung: step.rung,
          level: step.level,
          unit_id: step.unitId,
          deadline: utc(step.deadline),
          breached_at: utc(step.at),
        })
        .onConflict(['case_id', 'stage', 'rung'])
        .ignore();
    },

    async raiseOperatorAlert(alert) {
      await knex('operator_alerts')
        .insert({
          key: alert.key,
          case_id: alert.caseId,
          kind: alert.kind,
          detail: JSON.stringify(alert.detail),
          raised_at: utc(alert.at),
        })
        .onConflict('key')
        .ignore();
    },

    async notify(step) {
      await knex('notifications')
        .insert({
          key: step.key,
          case_id: step.caseId,
          channel: 'outbox',
          recipient_kind: step.recipient,
          recipient_id: step.recipientId,
          template: step.template,
          payload: JSON.stringify(step.payload),
          status: 'pending',
          created_at: utc(step.at),
        })
        .onConflict('key')
        .ignore();
    },
  };
}

function utc(instant: string): string {
  return new Date(instant).toISOString();
}
