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

  if (!stage.rungs.includes('due-soon') && !stage.rungs.includes('breach')) {
    const warnFrom = stage.budgetDays - dueSoonWorkingDays + 1;
    if (warnFrom >= 1 && Date.parse(asOf) < Date.parse(deadline)) {
      // The warning opens the morning of the first of the last `dueSoonWorkingDays` working days.
      const day = stageDeadline(stage, calendar, policy, asOf, warnFrom - stage.budgetDays).deadlineDate;
      return { name: 'due-soon', kind: 'due-soon', at: startOfShanghaiDay(day), index: 0 };
    }
  }
  if (!stage.rungs.includes('breach')) return { name: 'breach', kind: 'breach', at: deadline, index: 0 };
  const index = stage.rungs.filter((r) => r.startsWith('reminder-')).length + 1;
  const at = stageDeadline(stage, calendar, policy, asOf, index * reminderEveryWorkingDays).deadline;
  return { name: `reminder-${index}`, kind: 'reminder', at, index };
}

export function startOfShanghaiDay(date: string): string {
  return `${date}T00:00:00.000+08:00`;
}
