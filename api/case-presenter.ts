import type { Knex } from 'knex';
import { actorMay } from '../domain/cases/objection';
import type { Actor } from '../domain/cases/types';
import type { CaseView } from '../domain/cases/view';
import type { User } from './auth';
import { maskIdNumber } from './mask';
import { shown } from './present';
import { forbidden } from './problems';

/** Case actors are staff; a subject's applications are filed by a clerk on its behalf. */
export function actorOf(user: User): Actor {
  if (user.role === 'subject') throw forbidden('A subject does not act on cases itself');
  return { role: user.role, userId: user.id, unitId: user.unitId };
}

/** A provider sees a case only if its unit produced the record or was asked to verify it. */
export function caseVisibleTo(view: Pick<CaseView, 'providerUnitId' | 'verifyUnitId'>, user: User): boolean {
  return user.role !== 'provider' || view.providerUnitId === user.unitId || view.verifyUnitId === user.unitId;
}

export interface TaskView {
  id: string;
  caseId: string;
  caseType: string;
  kind: string;
  unitId: string;
  createdAt: string;
  dueAt: string;
  status: string;
  recordId: string;
}

export function taskView(row: Record<string, string>): TaskView {
  return {
    id: row.id,
    caseId: row.case_id,
    caseType: row.case_type,
    kind: row.kind,
    unitId: row.unit_id,
    createdAt: shown(row.created_at),
    dueAt: shown(row.due_at),
    status: row.status,
    recordId: row.record_id,
  };
}

/** The case as API.md shows it, for this viewer: instants in +08:00, the actions this viewer may take. */
export async function presentCase(knex: Knex, view: CaseView, user: User) {
  const tasks = await knex('tasks').where({ case_id: view.id }).orderBy('created_at');
  const actor = actorOf(user);
  return {
    id: view.id,
    type: view.type,
    state: view.state,
    profile: view.profile,
    recordId: view.recordId,
    providerUnitId: view.providerUnitId,
    verifyUnitId: view.verifyUnitId,
    applicant: user.role === 'provider' ? maskApplicant(view.applicant) : view.applicant,
    kind: view.kind,
    reason: view.reason,
    evidence: view.evidence,
    openedAt: shown(view.openedAt),
    closedAt: shown(view.closedAt),
    outcome: view.outcome,
    nextDeadline: shown(view.nextDeadline),
    paused: view.paused,
    breached: view.breached,
    suspended: view.suspended,
    stages: view.stages.map((s) => ({
      name: s.name,
      startedAt: shown(s.startedAt),
      budgetDays: s.budgetDays,
      deadline: shown(s.deadline),
      deadlineDate: s.deadlineDate,
      provisional: s.provisional,
      completedAt: shown(s.completedAt),
      breachedAt: shown(s.breachedAt),
      paused: s.paused.map((p) => ({ from: shown(p.from), to: shown(p.to), reason: p.reason })),
    })),
    timeline: view.timeline.map((e) => ({
      at: shown(e.at),
      actor: e.actor,
      event: e.event,
      detail: e.detail,
    })),
    tasks: tasks.map((t) => {
      const v = taskView(t);
      return { id: v.id, unitId: v.unitId, kind: v.kind, dueAt: v.dueAt, status: v.status };
    }),
    allowedActions: view.allowedActions.filter((a) => actorMay(a, actor, view.verifyUnitId)),
  };
}

/** Provider units verify the record, not the applicant: they get no full identity number or phone. */
function maskApplicant(a: CaseView['applicant']): CaseView['applicant'] {
  return { name: a.name, idNumber: maskIdNumber(a.idNumber) };
}
