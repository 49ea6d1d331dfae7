import { shanghaiDate, type WorkingCalendar } from '../calendar';
import type { Policy } from '../policy';
import { logged, type CaseCore, type CaseMachine, type CaseInput, type Transition } from './machine';
import { isPaused, stageDeadline, withOpenStage, workingDaysAfterDeadline } from './stages';
import { TEMPLATES } from './templates';
import { SYSTEM, type Effect, type NotificationRecipient, type Stage } from './types';

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

/** The first rung of `stage` not yet claimed, or null when the clock is stopped, the stage is done or no duty. */
export function nextRung(stage: Stage, calendar: WorkingCalendar, policy: Policy, asOf: string): Rung | null {
  if (stage.completedAt || !stage.sla || isPaused(stage)) return null;
  const { dueSoonWorkingDays, reminderEveryWorkingDays } = policy.escalation;
  const deadline = stageDeadline(stage, calendar, policy, asOf);
  // A restarted ladder names its rungs apart, so each is still claimed once (DB keys include the name).
  const named = (rung: string) => (stage.ladder ? `${rung}#${stage.ladder}` : rung);

  if (!stage.rungs.includes(named('due-soon')) && !stage.rungs.includes(named('breach'))) {
    // The warning opens the morning of the first of the last `dueSoonWorkingDays` working days, if that
    // day comes after the stage started.
    const day =
      dueSoonWorkingDays > 1
        ? calendar.subtractWorkingDays(deadline.deadlineDate, dueSoonWorkingDays - 1)
        : deadline.deadlineDate;
    if (
      dueSoonWorkingDays >= 1 &&
      day > shanghaiDate(stage.startedAt) &&
      Date.parse(asOf) < Date.parse(deadline.deadline)
    ) {
      return { name: named('due-soon'), kind: 'due-soon', at: startOfShanghaiDay(day), index: 0 };
    }
  }
  if (!stage.rungs.includes(named('breach'))) {
    return { name: named('breach'), kind: 'breach', at: deadline.deadline, index: 0 };
  }
  const index = stage.rungs.filter((r) => r.startsWith('reminder-')).length + 1;
  const at = workingDaysAfterDeadline(deadline, index * reminderEveryWorkingDays, calendar, policy);
  return { name: named(`reminder-${index}`), kind: 'reminder', at, index };
}

/**
 * Climbs one rung: claims it on the open stage, logs it, and names what it sends — the owner warned or
 * reminded, the breach recorded and the supervisors told, the second-level escalation — plus whatever the
 * case type does when its deadline is missed (e.g. 第二十六条: the record is suspended).
 */
export function climbRung<I extends CaseInput, C extends CaseCore, D>(
  machine: CaseMachine<I, C, D>,
  c: C,
  stage: Stage,
  rung: Rung,
  at: string,
  calendar: WorkingCalendar,
  policy: Policy,
): Transition<C> {
  const owner: NotificationRecipient = stage.unitId ? 'provider' : 'center';
  const deadline = stageDeadline(stage, calendar, policy, at).deadline;
  const claim = (s: Stage): Stage => ({
    ...s,
    rungs: [...s.rungs, rung.name],
    breachedAt: rung.kind === 'breach' ? at : s.breachedAt,
  });
  let next: C = { ...c, stages: withOpenStage(c.stages, claim) };
  const detail = { stage: stage.name, deadline };
  const notify = (recipient: NotificationRecipient, template: string, payload = detail): Effect => ({
    type: 'notify',
    recipient,
    ...(recipient === 'provider' && stage.unitId ? { unitId: stage.unitId } : {}),
    template,
    payload,
  });
  if (rung.kind === 'due-soon') {
    return {
      next: logged(next, at, SYSTEM, 'due-soon', detail),
      effects: [notify(owner, TEMPLATES.dueSoon)],
    };
  }
  if (rung.kind === 'breach') {
    next = logged(next, at, SYSTEM, 'breached', detail);
    const consequence = machine.breachEffects?.(next, stage, at, policy) ?? { next, effects: [] };
    return {
      next: consequence.next,
      effects: [
        { type: 'recordBreach', stage: stage.name, rung: rung.name, deadline, unitId: stage.unitId },
        notify('supervisor', TEMPLATES.breached),
        notify(owner, TEMPLATES.breached),
        ...consequence.effects,
      ],
    };
  }
  const escalate = rung.index === policy.escalation.secondLevelAfterReminders;
  const reminded = { ...detail, reminder: rung.index };
  return {
    next: logged(next, at, SYSTEM, escalate ? 'escalated' : 'reminded', reminded),
    effects: [
      notify(owner, TEMPLATES.reminder, reminded),
      ...(escalate ? [notify('supervisor', TEMPLATES.escalated)] : []),
    ],
  };
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
