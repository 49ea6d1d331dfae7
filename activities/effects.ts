/**
 * The write behind each effect of a case, over a database handle (the step's transaction, or the knex of
 * a legacy per-effect activity): one implementation for both. Each is idempotent on its key.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { Knex } from 'knex';
import { loadCalendarData } from '../db/calendar';
import {
  annotateObjection,
  extendDisclosureEnd,
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
import { WorkingCalendar } from '../domain/calendar';
import { periodEnd, periodRule } from '../domain/disclosure-period';
import {
  RECORD_UNAVAILABLE,
  type CaseStep,
  type LegacyEffectInput,
  type OperatorAlert,
  type StepEffect,
} from './types';

/** Puts a notification on the outbox (the deployment's deliverer sends it); a test may make it fail. */
export type Notifier = (db: Knex, step: LegacyEffectInput<'notify'>) => Promise<void>;

/** Workflow-driven record changes are made by the system on the case's behalf. */
const SYSTEM_ACTOR = { role: 'system', userId: null };

export async function writeEffect(
  db: Knex,
  step: CaseStep,
  e: StepEffect,
  notifier: Notifier,
): Promise<void> {
  const flag = (recordId: string) => ({ recordId, caseId: step.caseId, at: step.at, actor: SYSTEM_ACTOR });
  switch (e.type) {
    case 'annotateRecord':
      try {
        await annotateObjection(db, flag(e.recordId));
      } catch (err) {
        // Another case holds the record: a final answer (the case is refused), not a fault to retry.
        if (!(err instanceof RecordConflictError)) throw err;
        throw ApplicationFailure.create({
          type: RECORD_UNAVAILABLE,
          message: err.message,
          nonRetryable: true,
        });
      }
      return;
    case 'clearAnnotation':
      return void (await clearObjection(db, flag(e.recordId)));
    case 'suspendRecord':
      return void (await suspendForCase(db, flag(e.recordId)));
    case 'unsuspendRecord':
      return void (await unsuspendForCase(db, flag(e.recordId)));
    case 'writeRecordVersion': {
      const added = e.content as Record<string, unknown>;
      // A supplement adds to the content as it stood before this case's write (a retry finds the key first).
      const content = e.merge
        ? { ...((await getRecord(db, e.recordId))?.content as object), ...added }
        : added;
      await writeRecordVersion(db, {
        recordId: e.recordId,
        content,
        reason: e.reason,
        caseId: step.caseId,
        idempotencyKey: e.key,
        at: step.at,
        actor: SYSTEM_ACTOR,
      });
      return;
    }
    case 'markRecordDeleted':
      return void (await markDeleted(db, { ...flag(e.recordId), reason: e.reason }));
    case 'collectRecord':
      return void (await markNoticeServed(db, flag(e.recordId)));
    case 'markRecordRepaired':
      return void (await markRepaired(db, flag(e.recordId)));
    case 'releaseRepairClaim':
      return void (await releaseRepair(db, flag(e.recordId)));
    case 'markRecordNonDisclosed':
      return void (await markNonDisclosed(db, flag(e.recordId)));
    case 'markRecordArchived':
      return void (await markArchived(db, flag(e.recordId)));
    case 'extendDisclosure': {
      const row = await db('records').where({ id: e.recordId }).first('decided_on');
      const calendar = WorkingCalendar.from(await loadCalendarData(db));
      // Two years from the listing's decision, counted as at collection (民法典第二百零一～二百零三条).
      const rule = periodRule('key-attention', null, { keyAttentionExtended: true });
      const endsOn = periodEnd(row.decided_on, rule.defaultMonths, (d) => !calendar.isWorkingDay(d));
      const reason = `${rule.article}: 重点关注名单公示期调整为二年`;
      return void (await extendDisclosureEnd(db, { ...flag(e.recordId), endsOn, reason }));
    }
    case 'openTask':
      await db('tasks')
        .insert({
          id: `${step.caseId}:${e.stage}`,
          case_id: step.caseId,
          case_type: e.caseType,
          stage: e.stage,
          kind: e.kind,
          unit_id: e.unitId,
          record_id: e.recordId,
          created_at: utc(step.at),
          due_at: utc(e.dueAt),
          status: 'open',
          closed_at: null,
        })
        .onConflict('id')
        .ignore();
      return;
    case 'closeTask':
      await db('tasks')
        .where({ id: `${step.caseId}:${e.stage}`, status: 'open' })
        .update({ status: e.status, closed_at: utc(step.at) });
      return;
    case 'recordBreach':
      await db('sla_breaches')
        .insert({
          case_id: step.caseId,
          stage: e.stage,
          rung: e.rung,
          // The first level: the second-level escalation is a notification, not another breach.
          level: 1,
          unit_id: e.unitId,
          deadline: utc(e.deadline),
          breached_at: utc(step.at),
        })
        .onConflict(['case_id', 'stage', 'rung'])
        .ignore();
      return;
    case 'notify':
      return notifier(db, { ...step, ...e });
    default:
      return assertNever(e);
  }
}

function assertNever(e: never): never {
  throw ApplicationFailure.nonRetryable(`unknown effect ${JSON.stringify(e)}`, 'UnknownEffect');
}

export const outboxNotifier: Notifier = async (db, step) => {
  await db('notifications')
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
};

/** Something a person must look at (a notification that could not be sent), on the operators' list. */
export async function writeAlert(db: Knex, alert: OperatorAlert): Promise<void> {
  await db('operator_alerts')
    .insert({
      key: alert.key,
      case_id: alert.caseId,
      kind: alert.kind,
      detail: JSON.stringify(alert.detail),
      raised_at: utc(alert.at),
    })
    .onConflict('key')
    .ignore();
}

export function utc(instant: string): string {
  return new Date(instant).toISOString();
}
