import type { ActivityOptions, LocalActivityOptions } from '@temporalio/workflow';
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

/**
 * `untilDone` for a case's step, run as a local activity (its transaction is short): the worker retries it
 * within the workflow task while the backoff is short (a lock timeout, a failover), which costs the history
 * nothing; a longer backoff is a durable timer (a marker and a timer per retry), so an outage outlives a
 * worker restart and the workflow task does not stay open for minutes. Same policy otherwise.
 */
export const stepUntilDone: LocalActivityOptions = {
  startToCloseTimeout: untilDone.startToCloseTimeout,
  retry: untilDone.retry,
  localRetryThreshold: '15 seconds',
};

/** A bounded retry keeps a broken notification from blocking the case. */
export const boundedNotify: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumAttempts: NOTIFY_ATTEMPTS },
};

/**
 * Archiving (厦门办法第二十八条) must eventually land, however long the database is away. A minute holds a day
 * timer's pass of 500 records (workflows/archive-day.ts) with room to spare.
 */
export const untilArchived: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
};
