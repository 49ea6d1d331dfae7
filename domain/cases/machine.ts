import type { WorkingCalendar } from '../calendar';
import type { Policy, ProfileId } from '../policy';
import type {
  ActionRequest,
  Actor,
  Effect,
  NotificationRecipient,
  Refusal,
  Stage,
  TimelineEntry,
} from './types';

/** What every case's input carries: the generic loop keys its side effects on these. */
export interface CaseInput {
  caseId: string;
  profile: ProfileId;
  recordId: string;
}

/** What every case's state carries: the loop drives its stages and appends to its timeline. */
export interface CaseCore {
  state: string;
  stages: Stage[];
  timeline: TimelineEntry[];
}

export interface Transition<C> {
  next: C;
  effects: Effect[];
}

/**
 * One case type's rules, as pure functions the generic durable loop (workflows/case-loop) runs:
 * accept, refuse or apply actions, and say what a deadline breach does. STYLE.md: the workflow is short;
 * the rules live here, in plain data and functions.
 */
export interface CaseMachine<I extends CaseInput, C extends CaseCore, V> {
  /** The `caseType` of tasks and projections, e.g. 'objection'. */
  type: string;
  open(input: I, policy: Policy): Transition<C>;
  /** The case refuses an acceptance it cannot carry out (e.g. the record is held by another case). */
  refuseAtAcceptance(c: C, reason: string, at: string, policy: Policy): Transition<C>;
  refusal(c: C, req: ActionRequest, policy: Policy): Refusal | null;
  apply(c: C, req: ActionRequest, at: string, policy: Policy): Transition<C>;
  /** What a missed deadline does beyond being recorded and escalated. */
  breachEffects(c: C, stage: Stage, policy: Policy): Transition<C>;
  /** Undoes breachEffects when the deadline turns out not to have been missed. */
  breachLifted(c: C): Transition<C>;
  log(c: C, at: string, actor: Actor, event: string, detail: Record<string, unknown>): C;
  view(c: C, calendar: WorkingCalendar, policy: Policy, asOf: string): V;
  /** Who answers for a stage's deadline: a provider unit, or the credit center. */
  owner(c: C, stage: string): NotificationRecipient;
  /** The provider unit responsible for a stage (null: the credit center). */
  responsibleUnit(c: C, stage: string): string | null;
  recipientId(c: C, recipient: NotificationRecipient): string | null;
}
