import type { Pause, Period } from '../calendar';

/** Who acts on a case. `system` is the workflow itself (deadlines, escalations). */
export type ActorRole = 'clerk' | 'provider' | 'supervisor' | 'admin' | 'system';

export interface Actor {
  role: ActorRole;
  userId: string | null;
  unitId: string | null;
}

export const SYSTEM: Actor = { role: 'system', userId: null, unitId: null };

/**
 * One deadline-bearing step of a case as the rule states it: the instant its clock starts, its period
 * (working days, calendar days or months), who answers for it, and the pauses that stop the clock. The
 * deadline instant is derived from these and the calendar, never stored as a fact that could go stale.
 */
export interface Stage {
  name: string;
  startedAt: string;
  period: Period;
  /** The provider unit that answers for this stage's deadline; null: the credit center. */
  unitId: string | null;
  /** Whether a missed end is an SLA breach (a duty) or just the end of a running period (an announcement). */
  sla: boolean;
  completedAt: string | null;
  breachedAt: string | null;
  pauses: Pause[];
  /** Escalation rungs already claimed for this stage (due-soon, breach, reminder-1, …). */
  rungs: string[];
  /** How often the ladder restarted because a breach turned out not to be one (see restartLadder). */
  ladder?: number;
  /** The deadline as it stood when the stage completed: history, not re-derived from later calendars. */
  finalDeadline?: { deadline: string; deadlineDate: string; provisional: boolean };
}

export interface TimelineEntry {
  seq: number;
  at: string;
  actor: Actor;
  event: string;
  detail: Record<string, unknown>;
}

export type NotificationRecipient = 'applicant' | 'center' | 'provider' | 'supervisor';

/**
 * Side effects a transition asks for; the workflow runs each through one idempotent activity. Record
 * effects name their record: a case may concern several.
 */
export type Effect =
  | { type: 'annotateRecord'; recordId: string }
  | { type: 'clearAnnotation'; recordId: string }
  | { type: 'suspendRecord'; recordId: string }
  | { type: 'unsuspendRecord'; recordId: string }
  | { type: 'openTask'; kind: string; unitId: string; stage: string; recordId: string }
  | { type: 'closeTask'; stage: string; status: 'done' | 'cancelled' }
  | { type: 'writeRecordVersion'; recordId: string; content: unknown; reason: string; merge?: boolean }
  | { type: 'markRecordDeleted'; recordId: string; reason: string }
  /** 第十三条: the notice is served; the record is collected and provided from now on. */
  | { type: 'collectRecord'; recordId: string }
  /** 信用修复 approved (厦门办法第二十三条): hidden from queries, marked with the date and the case, never deleted. */
  | { type: 'markRecordRepaired'; recordId: string }
  /** The repair case closed: it no longer holds the record (another repair may be filed). */
  | { type: 'releaseRepairClaim'; recordId: string }
  /** 守信信息不公开 (厦门办法第二十七条): no longer provided in queries. */
  | { type: 'markRecordNonDisclosed'; recordId: string }
  /** 归档管理 (厦门办法第二十七条). */
  | { type: 'markRecordArchived'; recordId: string }
  /** 厦门办法第二十八条: the provider unit extended a key-attention listing's period to two years. */
  | { type: 'extendDisclosure'; recordId: string }
  | { type: 'recordBreach'; stage: string; rung: string; deadline: string; unitId: string | null }
  | {
      type: 'notify';
      recipient: NotificationRecipient;
      /** The provider unit, when the recipient is one. */
      unitId?: string;
      template: string;
      payload: Record<string, unknown>;
    };

/** Why an action is refused; maps one-to-one onto the API's 403 / 404 / 409 / 422. */
export type RefusalKind = 'forbidden' | 'not-found' | 'not-allowed' | 'invalid';

export interface Refusal {
  kind: RefusalKind;
  message: string;
  state: string;
  allowedActions: string[];
  field?: string;
}

export interface ActionRequest {
  action: string;
  actor: Actor;
  body: Record<string, unknown>;
}
