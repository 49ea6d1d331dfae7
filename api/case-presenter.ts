import type { Knex } from 'knex';
import { describePeriod } from '../domain/calendar';
import { actionsFor, unitMaySee } from '../domain/cases/refusal';
import { summaryFacts, type CaseSummary } from '../domain/cases/summary';
import type { Actor } from '../domain/cases/types';
import type { User } from './auth';
import type { AppDeps } from './app';
import { dueOf, type Due } from '../domain/cases/due';
import { shown } from './present';
import { forbidden } from './problems';

/** Case actors are staff; a subject's applications are filed by a clerk on its behalf. */
export function actorOf(user: User): Actor {
  if (user.role === 'subject') throw forbidden('A subject does not act on cases itself');
  return { role: user.role, userId: user.id, unitId: user.unitId };
}

/** A provider sees a case only if its unit is involved in it (the one home of that rule: unitMaySee). */
export function caseVisibleTo(summary: Pick<CaseSummary, 'units'>, user: User): boolean {
  return unitMaySee(summary.units, user);
}

/** The same rule in SQL, over the case_units projection: narrows a query on `cases` to the viewer's. */
export function scopeCasesTo(query: Knex.QueryBuilder, knex: Knex, user: User, idColumn = 'id') {
  if (user.role === 'provider') {
    query.whereIn(idColumn, knex('case_units').select('case_id').where({ unit_id: user.unitId }));
  }
  return query;
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

interface EventRow {
  case_id: string;
  at: string;
  actor_role: string;
  actor_id: string | null;
  actor_unit_id: string | null;
  event: string;
  detail: string;
}

/** What presenting a case needs: the database, the types served, and today's calendar and policy. */
export type PresentDeps = Pick<AppDeps, 'caseTypes' | 'calendar' | 'clock' | 'policy'> & {
  db: { knex: Knex };
};

/** How each deadline stands now, for a viewer (the console counts no working days itself). */
export async function dueNow(deps: PresentDeps): Promise<(deadline: string | null) => Due | null> {
  const calendar = await deps.calendar.current();
  const now = deps.clock.now().toISOString();
  return (deadline) =>
    deadline ? dueOf(deadline, calendar, now, deps.policy.escalation.dueSoonWorkingDays) : null;
}

/** The cases as API.md shows them, for this viewer: one query each for their tasks and timelines. */
export async function presentCases(deps: PresentDeps, summaries: CaseSummary[], user: User) {
  const { knex } = deps.db;
  const types = deps.caseTypes;
  const due = await dueNow(deps);
  const ids = summaries.map((s) => s.id);
  const [tasks, events] = ids.length
    ? await Promise.all([
        knex('tasks').whereIn('case_id', ids).orderBy(['created_at', 'id']),
        knex('case_events').whereIn('case_id', ids).orderBy(['case_id', 'seq']) as Promise<EventRow[]>,
      ])
    : [[], []];
  const byCase = <R extends { case_id: string }>(rows: R[]) => {
    const m = new Map<string, R[]>();
    for (const r of rows) m.set(r.case_id, [...(m.get(r.case_id) ?? []), r]);
    return m;
  };
  const tasksOf = byCase(tasks);
  const eventsOf = byCase(events);
  const actor = actorOf(user);
  return summaries.map((s) => {
    const api = types.get(s.type);
    const details = api?.presentDetails ? api.presentDetails(s.details, user) : (s.details as object);
    return {
      id: s.id,
      type: s.type,
      state: s.state,
      profile: s.profile,
      ...(s.recordIds.length === 1 ? { recordId: s.recordIds[0] } : {}),
      recordIds: s.recordIds,
      units: s.units,
      ...details,
      openedAt: shown(s.openedAt),
      closedAt: shown(s.closedAt),
      outcome: s.outcome,
      nextDeadline: shown(s.nextDeadline),
      nextDue: due(s.nextDeadline),
      paused: s.paused,
      breached: s.breached,
      stages: s.stages.map((st) => ({
        name: st.name,
        startedAt: shown(st.startedAt),
        period: st.period,
        periodText: describePeriod(st.period),
        budgetDays: st.budgetDays,
        unitId: st.unitId,
        deadline: shown(st.deadline),
        deadlineDate: st.deadlineDate,
        provisional: st.provisional,
        completedAt: shown(st.completedAt),
        breachedAt: shown(st.breachedAt),
        due: st.completedAt ? null : due(st.deadline),
        paused: st.paused.map((p) => ({ from: shown(p.from), to: shown(p.to), reason: p.reason })),
      })),
      timers: s.timers.map((t) => ({ name: t.name, at: shown(t.at) })),
      timeline: (eventsOf.get(s.id) ?? []).map((e) => ({
        at: shown(e.at),
        actor: { role: e.actor_role, userId: e.actor_id, unitId: e.actor_unit_id },
        event: e.event,
        detail: JSON.parse(e.detail),
      })),
      tasks: (tasksOf.get(s.id) ?? []).map((t) => {
        const v = taskView(t);
        return {
          id: v.id,
          unitId: v.unitId,
          kind: v.kind,
          dueAt: v.dueAt,
          status: v.status,
          due: v.status === 'open' ? due(v.dueAt) : null,
        };
      }),
      allowedActions: api ? actionsFor(api.caseType, summaryFacts(s), actor) : [],
    };
  });
}

export async function presentCase(deps: PresentDeps, summary: CaseSummary, user: User) {
  return (await presentCases(deps, [summary], user))[0];
}
