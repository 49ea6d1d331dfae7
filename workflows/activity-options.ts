import type { ActivityOptions } from '@temporalio/workflow';
import { NOTIFY_ATTEMPTS, RECORD_UNAVAILABLE } from '../activities/types';

/**
 * Calendars, projections, tasks, SLA rows and alerts must eventually land: retry until they do. A record
 * held by another case is a final answer, not a transient fault.
 */
export const untilDone: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '5 minutes',
    nonRetryableErrorTypes: [RECORD_UNAVAILABLE],
  },
};

/** A bounded retry keeps a broken notification from blocking the case. */
export const boundedNotify: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumAttempts: NOTIFY_ATTEMPTS },
};
