import { periodEnd, workingDayDeadline, type Deadline, type Period, type WorkingCalendar } from '../calendar';
import type { Policy } from '../policy';
import type { Stage } from './types';

export interface StageOptions {
  /** The provider unit that answers for the stage (default: the credit center). */
  unitId?: string | null;
  /** False for a period that just runs (an announcement): its end is a timer, not a breach. */
  sla?: boolean;
}

export function openStage(name: string, startedAt: string, period: Period, opts: StageOptions = {}): Stage {
  return {
    name,
    startedAt,
    period,
    unitId: opts.unitId ?? null,
    sla: opts.sla ?? true,
    completedAt: null,
    breachedAt: null,
    pauses: [],
    rungs: [],
  };
}

/** The stage whose clock is running (at most one per case). */
export function openStageOf(stages: Stage[]): Stage | null {
  const last = stages[stages.length - 1];
  return last && !last.completedAt ? last : null;
}

export function isPaused(stage: Stage): boolean {
  return stage.pauses.some((p) => p.to === null);
}

/** Replaces the open stage (stages are values: transitions never mutate their input). */
export function withOpenStage(stages: Stage[], change: (s: Stage) => Stage): Stage[] {
  const open = openStageOf(stages);
  return open ? [...stages.slice(0, -1), change(open)] : stages;
}

/** Completing a stage also ends a pause still open on it. */
export const completeStage =
  (at: string) =>
  (s: Stage): Stage => ({
    ...s,
    completedAt: at,
    pauses: s.pauses.map((p) => (p.to === null ? { ...p, to: at } : p)),
  });

/** Ends the open stage and opens the next one at the same instant. */
export function nextStage(stages: Stage[], at: string, next: Stage): Stage[] {
  return [...withOpenStage(stages, completeStage(at)), next];
}

export const pauseStage =
  (at: string, reason: string) =>
  (s: Stage): Stage => ({ ...s, pauses: [...s.pauses, { from: at, to: null, reason }] });

export const resumeStage =
  (at: string) =>
  (s: Stage): Stage => ({ ...s, pauses: s.pauses.map((p) => (p.to === null ? { ...p, to: at } : p)) });

/**
 * The stage's deadline as the rule states it: its period from its start, extended by every pause (an
 * open pause counts up to `asOf`).
 */
export function stageDeadline(
  stage: Stage,
  calendar: WorkingCalendar,
  policy: Policy,
  asOf: string,
): Deadline {
  return periodEnd(stage.startedAt, stage.period, calendar, {
    ...policy.deadlineOptions,
    pauses: stage.pauses,
    asOf,
  });
}

/**
 * The end of the `n`-th working day after the stage's deadline day (n ≥ 1): when the ladder's reminders
 * fall due. For a working-day stage this is its deadline had it `n` more days.
 */
export function workingDaysAfterDeadline(
  deadline: Deadline,
  n: number,
  calendar: WorkingCalendar,
  policy: Policy,
): string {
  return workingDayDeadline(
    `${deadline.deadlineDate}T12:00:00.000+08:00`,
    n,
    calendar,
    policy.deadlineOptions,
  ).deadline;
}

/** Fixes the deadline of stages that just completed, so later calendar edits do not rewrite history. */
export function stampFinalDeadlines(stages: Stage[], calendar: WorkingCalendar, policy: Policy): Stage[] {
  return stages.map((s) =>
    s.completedAt && !s.finalDeadline
      ? { ...s, finalDeadline: stageDeadline(s, calendar, policy, s.completedAt) }
      : s,
  );
}

/** A timer at the end of the open stage, when it is the named one (an announcement runs out, say). */
export function openStageEndTimer(
  stages: Stage[],
  stageName: string,
  timerName: string,
  calendar: WorkingCalendar,
  policy: Policy,
): { name: string; at: string }[] {
  const open = openStageOf(stages);
  return open?.name === stageName
    ? [{ name: timerName, at: stageDeadline(open, calendar, policy, open.startedAt).deadline }]
    : [];
}
