import type { CalendarData } from '../domain/calendar';
import type { CaseSummary } from '../domain/cases/summary';
import type { NotificationRecipient, TimelineEntry } from '../domain/cases/types';

/** Every activity input names the case and the instant the workflow decided at. */
export interface CaseStep {
  caseId: string;
  at: string;
}

export interface RecordStep extends CaseStep {
  recordId: string;
}

/**
 * The side effects of a case workflow, one interface per kind (each has its own retry policy in the
 * loop). Each one is idempotent: it may run twice (a retry, a replay) and the outcome is the same —
 * keyed by case and step, never by "now".
 */
export interface CalendarActivities {
  loadCalendar(): Promise<CalendarData>;
}

/** What changed since the last write: the summary as it stands and the timeline entries logged since. */
export interface CaseProjection {
  summary: CaseSummary;
  events: TimelineEntry[];
}

export interface ProjectionActivities {
  projectCase(projection: CaseProjection): Promise<void>;
}

export interface RecordActivities {
  annotateRecord(step: RecordStep): Promise<void>;
  clearAnnotation(step: RecordStep): Promise<void>;
  suspendRecord(step: RecordStep): Promise<void>;
  unsuspendRecord(step: RecordStep): Promise<void>;
  writeRecordVersion(
    step: RecordStep & { content: unknown; reason: string; key: string; merge?: boolean },
  ): Promise<void>;
  markRecordDeleted(step: RecordStep & { reason: string }): Promise<void>;
  collectRecord(step: RecordStep): Promise<void>;
  markRecordRepaired(step: RecordStep): Promise<void>;
  releaseRepairClaim(step: RecordStep): Promise<void>;
  markRecordNonDisclosed(step: RecordStep): Promise<void>;
  markRecordArchived(step: RecordStep): Promise<void>;
  /** 厦门办法第二十八条: the record's end date moves to two years from its decision (never earlier). */
  extendDisclosure(step: RecordStep): Promise<void>;
}

export interface InboxActivities {
  openTask(
    step: RecordStep & { caseType: string; stage: string; kind: string; unitId: string; dueAt: string },
  ): Promise<void>;
  closeTask(step: CaseStep & { stage: string; status: 'done' | 'cancelled' }): Promise<void>;
}

export interface SlaActivities {
  recordSlaBreach(
    step: CaseStep & { stage: string; rung: string; deadline: string; unitId: string | null; level: number },
  ): Promise<void>;
}

export interface NotificationActivities {
  notify(
    step: CaseStep & {
      key: string;
      recipient: NotificationRecipient;
      recipientId: string | null;
      template: string;
      payload: Record<string, unknown>;
    },
  ): Promise<void>;
}

export interface AlertActivities {
  /** Something a person must look at (a notification that could not be sent), on the operators' list. */
  raiseOperatorAlert(alert: OperatorAlert): Promise<void>;
}

/** A record's expiry timer (workflows/record-expiry.ts). */
export interface ExpiryActivities {
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

export type CaseActivities = CalendarActivities &
  ProjectionActivities &
  RecordActivities &
  InboxActivities &
  SlaActivities &
  NotificationActivities &
  AlertActivities &
  ExpiryActivities;

export interface OperatorAlert extends CaseStep {
  /** Idempotency key: the step that raised it. */
  key: string;
  kind: 'notification-failed';
  detail: Record<string, unknown>;
}

/** The activity failure type when the record already carries another case's objection. */
export const RECORD_UNAVAILABLE = 'RecordUnavailable';
