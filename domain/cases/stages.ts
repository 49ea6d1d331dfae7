import { workingDayDeadline, type Deadline, type WorkingCalendar } from '../calendar';
import type { Policy } from '../policy';
import type { Stage } from './types';

export function openStage(name: string, startedAt: string, budgetDays: number): Stage {
  return { name, startedAt, budgetDays, completedAt: null, breachedAt: null, pauses: [], rungs: [] };
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

/**
 * The stage's deadline as the rule states it: `budgetDays` working days from its start, extended by
 * every pause (an open pause counts up to `asOf`).
 */
export function stageDeadline(
  stage: Stage,
  calendar: WorkingCalendar,
  policy: Policy,
  asOf: string,
  extraDays = 0,
): Deadline {
  return workingDayDeadline(stage.startedAt, stage.budgetDays + extraDays, calendar, {
    ...policy.deadlineOptions,
    pauses: stage.pauses,
    asOf,
  });
}

/** Fixes the deadline of stages that just completed, so later calendar edits do not rewrite history. */
export function stampFinalDeadlines(stages: Stage[], calendar: WorkingCalendar, policy: Policy): Stage[] {
  return stages.map((s) =>
    s.completedAt && !s.finalDeadline
      ? { ...s, finalDeadline: stageDeadline(s, calendar, policy, s.completedAt) }
      : s,
  );
}
