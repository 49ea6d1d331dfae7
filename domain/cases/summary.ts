import { shanghaiDate, type Period, type WorkingCalendar } from '../calendar';
import type { Policy } from '../policy';
import type { CaseCore, CaseInput, CaseMachine, CaseTimer } from './machine';
import type { CaseFacts } from './refusal';
import { isPaused, openStageOf, stageDeadline } from './stages';

export interface StageView {
  name: string;
  startedAt: string;
  period: Period;
  /** The period in working days, for working-day stages (API.md shows `budgetDays`); else null. */
  budgetDays: number | null;
  /** The provider unit that answers for the stage; null: the credit center. */
  unitId: string | null;
  sla: boolean;
  deadline: string;
  deadlineDate: string;
  provisional: boolean;
  completedAt: string | null;
  breachedAt: string | null;
  paused: { from: string; to: string | null; reason: string }[];
}

/**
 * What everyone outside the workflow sees of a case of any type: the projection, the Query, an Update's
 * answer. Type-specific facts sit in `details`; the timeline is projected entry by entry (case_events),
 * so the summary carries only how long it is.
 */
export interface CaseSummary<D = unknown> {
  id: string;
  type: string;
  state: string;
  profile: string;
  recordIds: string[];
  /** The provider units involved: only their providers may see the case. */
  units: string[];
  openedAt: string;
  closedAt: string | null;
  outcome: string | null;
  nextDeadline: string | null;
  paused: boolean;
  breached: boolean;
  stages: StageView[];
  /** The actions the state allows now, to anyone (each viewer is shown those it may take). */
  allowedActions: string[];
  /** Plain timers armed now (an announcement ends, a disclosure period ends). */
  timers: CaseTimer[];
  timelineLength: number;
  details: D;
}

export function stageViews(
  c: CaseCore,
  calendar: WorkingCalendar,
  policy: Policy,
  asOf: string,
): StageView[] {
  return c.stages.map((s) => {
    const d = s.finalDeadline ?? stageDeadline(s, calendar, policy, s.completedAt ?? asOf);
    return {
      name: s.name,
      startedAt: s.startedAt,
      period: s.period,
      budgetDays: s.period.unit === 'working-days' ? s.period.count : null,
      unitId: s.unitId,
      sla: s.sla,
      deadline: d.deadline,
      deadlineDate: d.deadlineDate,
      provisional: d.provisional,
      completedAt: s.completedAt,
      breachedAt: s.breachedAt,
      paused: s.pauses,
    };
  });
}

export function summarize<I extends CaseInput, C extends CaseCore, D>(
  type: string,
  machine: CaseMachine<I, C, D>,
  input: I,
  c: C,
  calendar: WorkingCalendar,
  policy: Policy,
  asOf: string,
): CaseSummary<D> {
  const stages = stageViews(c, calendar, policy, asOf);
  const open = openStageOf(c.stages);
  return {
    id: input.caseId,
    type,
    state: c.state,
    profile: input.profile,
    recordIds: machine.recordIds(c),
    units: machine.units(c),
    openedAt: c.openedAt,
    closedAt: c.closedAt,
    outcome: c.outcome,
    nextDeadline: open && !isPaused(open) ? stages[stages.length - 1].deadline : null,
    paused: open ? isPaused(open) : false,
    breached: c.stages.some((s) => s.breachedAt !== null),
    stages,
    allowedActions: machine.allowedActions(c, policy),
    timers: machine.timers?.(c, calendar, policy) ?? [],
    timelineLength: c.logged,
    details: machine.details(c),
  };
}

/** The facts an action is decided on, read from the projection. */
export function summaryFacts(s: CaseSummary): CaseFacts {
  const open = s.stages.find((st) => !st.completedAt);
  return {
    state: s.state,
    allowedActions: s.allowedActions,
    units: s.units,
    actingUnitId: open?.unitId ?? null,
  };
}

/** The same facts from the live case in the workflow. */
export function caseFacts<C extends CaseCore>(
  machine: CaseMachine<CaseInput, C, unknown>,
  c: C,
  policy: Policy,
): CaseFacts {
  return {
    state: c.state,
    allowedActions: machine.allowedActions(c, policy),
    units: machine.units(c),
    actingUnitId: openStageOf(c.stages)?.unitId ?? null,
  };
}

/**
 * The Shanghai dates a calendar edit must touch to move one of the case's open clocks: from the open
 * stage's start to its deadline or the last timer. No upper bound (null) while the clock runs on
 * unbounded: a paused stage, or a breached one whose reminders follow the working days after it. Null
 * for a case with no open clock.
 */
export function calendarWatch(s: CaseSummary): { from: string; until: string | null } | null {
  if (s.closedAt) return null;
  const open = s.stages.find((st) => !st.completedAt);
  const dates = s.timers.map((t) => shanghaiDate(t.at));
  if (!open && dates.length === 0) return null;
  // A stage counts from its start; a timer may count from anywhere in the case, so from its opening.
  const starts = [open?.startedAt, dates.length > 0 ? s.openedAt : undefined].filter((d) => d !== undefined);
  const from = starts.map(shanghaiDate).sort()[0];
  const unbounded =
    open !== undefined && (open.breachedAt !== null || open.paused.some((p) => p.to === null));
  if (unbounded) return { from, until: null };
  const ends = [...(open ? [open.deadlineDate] : []), ...dates];
  return { from, until: ends.reduce((a, b) => (b > a ? b : a)) };
}
