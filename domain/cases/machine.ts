import type { WorkingCalendar } from '../calendar';
import type { Policy, ProfileId } from '../policy';
import type { ActionRequest, Actor, Effect, Stage, TimelineEntry } from './types';

/** What every case's input carries: the loop keys its side effects on the case id. */
export interface CaseInput {
  caseId: string;
  profile: ProfileId;
}

/** What every case's state carries: the loop drives its stages, timers and timeline from these. */
export interface CaseCore {
  state: string;
  outcome: string | null;
  openedAt: string;
  closedAt: string | null;
  stages: Stage[];
  /** Entries not yet projected; the projection keeps the whole timeline. */
  timeline: TimelineEntry[];
  /** How many entries were ever logged: the next entry's seq is this + 1. */
  logged: number;
}

export interface Transition<C> {
  next: C;
  effects: Effect[];
}

/** A plain timer a case declares besides its SLA ladder (an announcement ends, a period ends). */
export interface CaseTimer {
  name: string;
  at: string;
}

/**
 * One case type's rules, as pure functions the generic durable loop (workflows/case-loop) runs:
 * accept, apply actions, say what a missed deadline or an ended period does. Who may take which action,
 * and with what body, is the registry's (domain/cases/registry); the machine adds only the checks that
 * need the case's own data. STYLE.md: the workflow is short; the rules live here.
 */
export interface CaseMachine<I extends CaseInput, C extends CaseCore, D> {
  open(input: I, policy: Policy): Transition<C>;
  /** The case refuses an acceptance it cannot carry out (e.g. the record is held by another case). */
  refuseAtAcceptance(c: C, reason: string, at: string, policy: Policy): Transition<C>;
  /** The actions the case's state allows now, to anyone. */
  allowedActions(c: C, policy: Policy): string[];
  /** A body check that needs the case's data (e.g. 第十五条 on the subject's content); field + message. */
  bodyProblem?(c: C, req: ActionRequest): { field: string; message: string } | null;
  apply(c: C, req: ActionRequest, at: string, policy: Policy): Transition<C>;
  /** What a missed deadline does beyond being recorded and escalated (nothing by default). */
  breachEffects?(c: C, stage: Stage, at: string, policy: Policy): Transition<C>;
  /** Undoes breachEffects when the deadline turns out not to have been missed (nothing by default). */
  breachLifted?(c: C, at: string): Transition<C>;
  /** Plain timers now armed (none by default). */
  timers?(c: C, calendar: WorkingCalendar, policy: Policy): CaseTimer[];
  onTimer?(c: C, timer: CaseTimer, policy: Policy): Transition<C>;
  /** The type-specific part of the case's summary. */
  details(c: C): D;
  recordIds(c: C): string[];
  /** Every provider unit involved: the units whose providers may see the case. */
  units(c: C): string[];
  /** Who the `applicant` recipient of a notification is (an identity number), if anyone. */
  applicantId(c: C): string | null;
}

/** Appends a timeline entry; sequence numbers make the projection's writes idempotent. */
export function logged<C extends CaseCore>(
  c: C,
  at: string,
  actor: Actor,
  event: string,
  detail: Record<string, unknown>,
): C {
  const entry = { seq: c.logged + 1, at, actor, event, detail };
  return { ...c, logged: c.logged + 1, timeline: [...c.timeline, entry] };
}
