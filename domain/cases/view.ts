import type { WorkingCalendar } from '../calendar';
import type { Policy } from '../policy';
import { allowedActions, type ObjectionCase } from './objection';
import { isPaused, openStageOf, stageDeadline } from './stages';
import type { TimelineEntry } from './types';

export interface StageView {
  name: string;
  startedAt: string;
  budgetDays: number;
  deadline: string;
  deadlineDate: string;
  provisional: boolean;
  completedAt: string | null;
  breachedAt: string | null;
  paused: { from: string; to: string | null; reason: string }[];
}

/** What everyone outside the workflow sees of a case: the projection, the Query, an Update's answer. */
export interface CaseView {
  id: string;
  type: 'objection';
  state: string;
  profile: string;
  recordId: string;
  providerUnitId: string;
  verifyUnitId: string | null;
  applicant: ObjectionCase['input']['applicant'];
  kind: string;
  reason: string;
  evidence: string[];
  openedAt: string;
  closedAt: string | null;
  outcome: string | null;
  nextDeadline: string | null;
  paused: boolean;
  breached: boolean;
  suspended: boolean;
  stages: StageView[];
  timeline: TimelineEntry[];
  allowedActions: string[];
}

export function caseView(
  c: ObjectionCase,
  calendar: WorkingCalendar,
  policy: Policy,
  asOf: string,
): CaseView {
  const stages = c.stages.map((s) => {
    const d = s.finalDeadline ?? stageDeadline(s, calendar, policy, s.completedAt ?? asOf);
    return {
      name: s.name,
      startedAt: s.startedAt,
      budgetDays: s.budgetDays,
      deadline: d.deadline,
      deadlineDate: d.deadlineDate,
      provisional: d.provisional,
      completedAt: s.completedAt,
      breachedAt: s.breachedAt,
      paused: s.pauses,
    };
  });
  const open = openStageOf(c.stages);
  return {
    id: c.input.caseId,
    type: 'objection',
    state: c.state,
    profile: c.input.profile,
    recordId: c.input.recordId,
    providerUnitId: c.input.providerUnitId,
    verifyUnitId: c.verifyUnitId,
    applicant: c.input.applicant,
    kind: c.input.kind,
    reason: c.input.reason,
    evidence: c.input.evidence,
    openedAt: c.input.acceptedAt,
    closedAt: c.closedAt,
    outcome: c.outcome,
    nextDeadline: open && !isPaused(open) ? stages[stages.length - 1].deadline : null,
    paused: open ? isPaused(open) : false,
    breached: c.stages.some((s) => s.breachedAt !== null),
    suspended: c.suspended,
    stages,
    timeline: c.timeline,
    allowedActions: allowedActions(c, policy),
  };
}
