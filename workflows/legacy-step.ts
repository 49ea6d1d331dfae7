/**
 * How a run recorded before the 'apply-step' patch carries out a transition: each effect its own
 * activity, then the projection. Its history names these activities in this order, so it must go on
 * scheduling them; new runs write a step in one activity (case-loop's commit).
 */
import { ActivityFailure, proxyActivities } from '@temporalio/workflow';
import type { CaseProjection, CaseStep, LegacyEffectActivities, StepEffect } from '../activities/types';
import { boundedNotify, untilDone } from './activity-options';

const legacy = proxyActivities<LegacyEffectActivities>(untilDone);
const notifier = proxyActivities<Pick<LegacyEffectActivities, 'notify'>>(boundedNotify);

type Notification = Extract<StepEffect, { type: 'notify' }>;

/**
 * Runs the effects one by one, then writes the projection `project` makes after them. A notification that
 * exhausts its retries is handed to `failed` (the timeline says so) and an operator alert is raised.
 */
export async function legacyStep(
  step: CaseStep,
  effects: StepEffect[],
  failed: (e: Notification) => void,
  project: () => CaseProjection,
): Promise<CaseProjection> {
  for (const e of effects) {
    if (e.type === 'recordBreach') await legacy.recordSlaBreach({ ...step, ...e });
    else if (e.type !== 'notify')
      await (legacy[e.type] as (s: CaseStep & StepEffect) => Promise<void>)({ ...step, ...e });
    else {
      try {
        await notifier.notify({ ...step, ...e });
      } catch (err) {
        if (!(err instanceof ActivityFailure)) throw err;
        failed(e);
        const { template, recipient, recipientId, key } = e;
        const cause = err.cause?.message ?? err.message;
        const detail = { template, recipient, recipientId, key, cause };
        await legacy.raiseOperatorAlert({ ...step, key, kind: 'notification-failed', detail });
      }
    }
  }
  const projection = project();
  await legacy.projectCase(projection);
  return projection;
}
