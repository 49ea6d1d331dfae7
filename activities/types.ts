import type { CalendarData } from '../domain/calendar';
import type { NotificationRecipient } from '../domain/cases/types';
import type { CaseView } from '../domain/cases/view';

/** Every activity input names the case and the instant the workflow decided at. */
export interface CaseStep {
  caseId: string;
  at: string;
}

export interface RecordStep extends CaseStep {
  recordId: string;
}

/**
 * The side effects of a case workflow. Each one is idempotent: it may run twice (a retry, a replay)
 * and the outcome is the same — keyed by case and step, never by "now".
 */
export interface CaseActivities {
  loadCalendar(): Promise<CalendarData>;
  projectCase(view: CaseView): Promise<void>;
  annotateRecord(step: RecordStep): Promise<void>;
  clearAnnotation(step: RecordStep): Promise<void>;
  suspendRecord(step: RecordStep): Promise<void>;
  unsuspendRecord(step: RecordStep): Promise<void>;
  writeRecordVersion(
    step: RecordStep & { content: unknown; reason: string; key: string; merge?: boolean },
  ): Promise<void>;
  markRecordDeleted(step: RecordStep & { reason: string }): Promise<void>;
  openTask(
    step: RecordStep & { caseType: string; stage: string; kind: string; unitId: string; dueAt: string },
  ): Promise<void>;
  closeTask(step: CaseStep & { stage: string; status: 'done' | 'cancelled' }): Promise<void>;
  recordSlaBreach(
    step: CaseStep & { stage: string; rung: string; deadline: string; unitId: string | null; level: number },
  ): Promise<void>;
  notify(
    step: CaseStep & {
      key: string;
      recipient: NotificationRecipient;
      recipientId: string | null;
      template: string;
      payload: Record<string, unknown>;
    },
  ): Promise<void>;
  /** Something a person must look at (a notification that could not be sent), on the operators' list. */
  raiseOperatorAlert(alert: OperatorAlert): Promise<void>;
}

export interface OperatorAlert extends CaseStep {
  /** Idempotency key: the step that raised it. */
  key: string;
  kind: 'notification-failed';
  detail: Record<string, unknown>;
}

/** The activity failure type when the record already carries another case's objection. */
export const RECORD_UNAVAILABLE = 'RecordUnavailable';
