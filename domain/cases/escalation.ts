import type { WorkingCalendar } from '../calendar';
import type { Policy } from '../policy';
import { isPaused, stageDeadline } from './stages';
import type { Stage } from './types';

/**
 * The escalation ladder of one open deadline: a due-soon warning, the breach at the deadline, then a
 * reminder every few working days until the step is done (the Nth escalates to the second level).
 * Each rung has a stable name so it is claimed exactly once per stage.
 */
export interface Rung {
  name: string;
  kind: 'due-soon' | 'breach' | 'reminder';
  at: string;
  /** For reminders: which one (1, 2, …). */
  index: number;
}

/** The first rung of `stage` not yet claimed, or null when the clock is stopped or the stage is done. */
export function nextRung(stage: Stage, calendar: WorkingCalendar, policy: Policy, asOf: string): Rung | null {
  if (stage.completedAt || isPaused(stage)) return null;
  const { dueSoonWorkingDays, reminderEveryWorkingDays } = policy.escalation;
  const deadline = stageDeadline(stage, calendar, policy, asOf).deadline;
  // A restarted ladder names its rungs apart, so each is still claimed once (DB keys include the name).
  const named = (rung: string) => (stage.ladder ? `${rung}#${stage.ladder}` : rung);

  if (!stage.rungs.includes(named('due-soon')) && !stage.rungs.includes(named('breach'))) {
    const warnFrom = stage.budgetDays - dueSoonWorkingDays + 1;
    if (warnFrom >= 1 && Date.parse(asOf) < Date.parse(deadline)) {
      // The warning opens the morning of the first of the last `dueSoonWorkingDays` working days.
      const day = stageDeadline(stage, calendar, policy, asOf, warnFrom - stage.budgetDays).deadlineDate;
      return { name: named('due-soon'), kind: 'due-soon', at: startOfShanghaiDay(day), index: 0 };
    }
  }
  if (!stage.rungs.includes(named('breach'))) {
    return { name: named('breach'), kind: 'breach', at: deadline, index: 0 };
  }
  const index = stage.rungs.filter((r) => r.startsWith('reminder-')).length + 1;
  const at = stageDeadline(stage, calendar, policy, asOf, index * reminderEveryWorkingDays).deadline;
  return { name: named(`reminder-${index}`), kind: 'reminder', at, index };
}

/**
 * A breach recorded against a deadline that has since moved later (a calendar edit made the missed days
 * holidays, or a pause): the step is not overdue after all. Nothing stores "overdue" as a fact.
 */
export function overdueNoLonger(
  stage: Stage,
  calendar: WorkingCalendar,
  policy: Policy,
  asOf: string,
): boolean {
  return (
    stage.breachedAt !== null &&
    !stage.completedAt &&
    !isPaused(stage) &&
    Date.parse(stageDeadline(stage, calendar, policy, asOf).deadline) > Date.parse(asOf)
  );
}

/** The ladder starts over against the moved deadline; the breach already recorded stays in the SLA log. */
export function restartLadder(stage: Stage): Stage {
  return { ...stage, breachedAt: null, rungs: [], ladder: (stage.ladder ?? 0) + 1 };
}

export function startOfShanghaiDay(date: string): string {
  return `${date}T00:00:00.000+08:00`;
}
