import type { CalendarData } from '../domain/calendar';
import type { CaseSummary } from '../domain/cases/summary';
import type { Effect, NotificationRecipient, TimelineEntry } from '../domain/cases/types';

/** Every activity input names the case and the instant the workflow decided at. */
export interface CaseStep {
  caseId: string;
  at: string;
}

/**
 * The side effects of a case workflow. Each one is idempotent: it may run twice (a retry, a replay) and
 * the outcome is the same — keyed by case and step, never by "now".
 */
export interface CalendarActivities {
  /**
   * The working-day calendar from the date `from` on: a case counts nothing before it opened, and the
   * days before would only weigh down its history. Without `from` (as runs of older code ask), all of it.
   */
  loadCalendar(from?: string): Promise<CalendarData>;
}

/** What changed since the last write: the summary as it stands and the timeline entries logged since. */
export interface CaseProjection {
  summary: CaseSummary;
  events: TimelineEntry[];
}

/**
 * An effect as its write needs it: the machine's Effect with what only the workflow knows resolved (a
 * task's due instant, a notification's recipient and full payload), and its idempotency key.
 */
export type StepEffect = (
  | Exclude<Effect, { type: 'openTask' | 'notify' }>
  | (Extract<Effect, { type: 'openTask' }> & { caseType: string; dueAt: string })
  | {
      type: 'notify';
      recipient: NotificationRecipient;
      recipientId: string | null;
      template: string;
      payload: Record<string, unknown>;
    }
) & { key: string };

/** One transition of a case: its effects and the projection after it, written in one transaction. */
export interface CaseStepInput extends CaseStep {
  effects: StepEffect[];
  projection: CaseProjection;
}

/** A notification that could not be sent; the step went through without it and an operator was alerted. */
export interface FailedNotification {
  key: string;
  cause: string;
}

export interface StepActivities {
  applyStep(step: CaseStepInput): Promise<{ failed: FailedNotification[] }>;
}

/** A legacy per-effect activity's input: the case step and the effect's fields. */
export type LegacyEffectInput<T extends StepEffect['type']> = CaseStep &
  Omit<Extract<StepEffect, { type: T }>, 'type'>;

/**
 * The per-effect activities that runs recorded before the 'apply-step' patch schedule (their histories
 * name them): one per effect, named as the effect (but the breach's), plus the alert and the projection.
 */
export type LegacyEffectActivities = {
  [T in Exclude<StepEffect['type'], 'recordBreach'>]: (step: LegacyEffectInput<T>) => Promise<void>;
} & {
  recordSlaBreach(step: LegacyEffectInput<'recordBreach'>): Promise<void>;
  raiseOperatorAlert(alert: OperatorAlert): Promise<void>;
  projectCase(projection: CaseProjection): Promise<void>;
};

/** Records' expiry timers (workflows/record-expiry.ts, workflows/archive-day.ts). */
export interface ExpiryActivities {
  /**
   * 厦门办法第二十八条: archives up to `limit` records not yet archived whose stored period ended on or
   * before `endsOn`, stamped `at`; answers how many, and whether a full pass may have left some.
   */
  archiveEndedBy(pass: {
    endsOn: string;
    at: string;
    limit: number;
  }): Promise<{ archived: number; more: boolean }>;
  /**
   * 厦门办法第二十八条: archives the record whose period ended on `endsOn`. When the stored end date is later
   * (extended since the timer was set) nothing is written and that date is answered; null: no end at all.
   */
  archiveRecord(step: {
    recordId: string;
    endsOn: string;
    at: string;
  }): Promise<{ archived: boolean; endsOn: string | null }>;
}

export type CaseActivities = CalendarActivities & StepActivities & LegacyEffectActivities & ExpiryActivities;

export interface OperatorAlert extends CaseStep {
  /** Idempotency key: the step that raised it. */
  key: string;
  kind: 'notification-failed';
  detail: Record<string, unknown>;
}

/** The activity failure type when the record already carries another case's objection. */
export const RECORD_UNAVAILABLE = 'RecordUnavailable';

/**
 * How often a notification is tried before it counts as failed (an operator alert, the case goes on):
 * the legacy notify activity's retry bound, and the step's attempts after which a failing notification
 * no longer holds the step back.
 */
export const NOTIFY_ATTEMPTS = 10;
