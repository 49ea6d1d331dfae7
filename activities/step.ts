import { ApplicationFailure } from '@temporalio/common';
import type { Knex } from 'knex';
import { currentActivityInfo } from '../engine/activity-info';
import { writeAlert, writeEffect, type Notifier } from './effects';
import { writeProjection } from './projection';
import { NOTIFY_ATTEMPTS, type CaseStepInput, type FailedNotification } from './types';

/**
 * One transition of a case in one transaction: its projection (first: tasks and SLA rows need the case's
 * row), then its effects in order. A failure rolls the whole step back, so a retry starts clean and
 * nothing is half-applied; a record held by another case (RECORD_UNAVAILABLE) fails it for good.
 *
 * A notification that keeps failing must not hold the case back: once refused for good, or on the
 * step's NOTIFY_ATTEMPTS-th attempt, its savepoint is rolled back, an operator alert is written in its
 * place and the workflow is told (it logs 'notification-failed'); before that the whole step is retried.
 */
export async function applyStep(
  knex: Knex,
  notifier: Notifier,
  step: CaseStepInput,
): Promise<{ failed: FailedNotification[] }> {
  return knex.transaction(async (trx) => {
    const failed: FailedNotification[] = [];
    await writeProjection(trx, step.projection);
    for (const e of step.effects) {
      if (e.type !== 'notify') {
        await writeEffect(trx, step, e, notifier);
        continue;
      }
      try {
        await trx.transaction((savepoint) => writeEffect(savepoint, step, e, notifier));
      } catch (err) {
        const refused = err instanceof ApplicationFailure && err.nonRetryable;
        if (!refused && currentActivityInfo().attempt < NOTIFY_ATTEMPTS) throw err;
        const cause = err instanceof Error ? err.message : String(err);
        const { template, recipient, recipientId, key } = e;
        const detail = { template, recipient, recipientId, key, cause };
        await writeAlert(trx, { caseId: step.caseId, at: step.at, key, kind: 'notification-failed', detail });
        failed.push({ key, cause });
      }
    }
    return { failed };
  });
}
