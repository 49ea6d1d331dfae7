import { Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { shanghaiDate, workingDayDeadline } from '../../domain/calendar';
import { TEMPLATES } from '../../domain/cases/templates';
import { currentUser, requireStaff, type User } from '../auth';
import type { AppDeps } from '../app';
import { scopeCasesTo } from '../case-presenter';
import type { ApiCaseTypes } from '../case-types/types';
import { countRows, listPage, paging } from '../paging';
import { shown } from '../present';
import { parseInput } from '../validation';

/** Who answers for a breach when no provider unit does (sla_breaches.unit_id null). */
export const CENTER_NAME = '市信用中心';
/** The stages a deadline can be breached in, over every case type served. */
export function slaStages(types: ApiCaseTypes): string[] {
  return [
    ...new Set(
      [...types.values()].flatMap((t) =>
        Object.entries(t.caseType.stages)
          .filter(([, s]) => s.sla !== false)
          .map(([name]) => name),
      ),
    ),
  ];
}

export const breachListQuery = (types: ApiCaseTypes) =>
  z.object({
    stage: z.enum(slaStages(types) as [string, ...string[]]).optional(),
    responsible: z.enum(['center', 'provider']).optional(),
    unitId: z.string().trim().min(1).max(64).optional(),
    caseId: z.string().trim().min(1).max(64).optional(),
    since: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 instant with offset' }).optional(),
    ...paging,
  });

export interface BreachItem {
  id: string;
  caseId: string;
  caseType: string;
  stage: string;
  rung: string;
  level: number;
  responsible: { kind: 'center' | 'provider'; unitId: string | null; unitName: string };
  deadline: string;
  breachedAt: string;
  caseState: string;
  caseOpen: boolean;
}

interface BreachRow {
  id: number | string;
  case_id: string;
  stage: string;
  rung: string;
  level: number | string;
  unit_id: string | null;
  unit_name: string | null;
  deadline: string;
  breached_at: string;
  case_type: string;
  case_state: string;
  case_closed_at: string | null;
}

function breachItem(row: BreachRow): BreachItem {
  return {
    id: String(row.id),
    caseId: row.case_id,
    caseType: row.case_type,
    stage: row.stage,
    rung: row.rung,
    level: Number(row.level),
    responsible:
      row.unit_id === null
        ? { kind: 'center', unitId: null, unitName: CENTER_NAME }
        : { kind: 'provider', unitId: row.unit_id, unitName: row.unit_name ?? row.unit_id },
    deadline: shown(row.deadline),
    breachedAt: shown(row.breached_at),
    caseState: row.case_state,
    caseOpen: row.case_closed_at === null,
  };
}

/** A provider unit answers only for its own breaches; everyone else sees all of them. */
function ownBreaches(knex: Knex, user: User) {
  return knex('sla_breaches as b').modify((b) => {
    if (user.role === 'provider') b.where('b.unit_id', user.unitId);
  });
}

/** Open cases in the viewer's sight: a provider's are those of its records or sent to it (as GET /api/cases). */
function openCases(knex: Knex, user: User) {
  return knex('cases')
    .whereNull('closed_at')
    .modify((b) => scopeCasesTo(b, knex, user));
}

/**
 * The supervisor's view of deadlines (主管部门: due-soon items, SLA breaches, escalations). Read-only;
 * a provider unit sees its own unit's numbers only.
 */
export function slaRouter(deps: AppDeps): Router {
  const { knex } = deps.db;
  const router = Router();
  router.use(requireStaff());
  const listQuery = breachListQuery(deps.caseTypes);
  const stages = slaStages(deps.caseTypes);

  router.get('/breaches', async (req, res) => {
    const q = parseInput(listQuery, req.query, 'query');
    const user = currentUser(req);
    const query = ownBreaches(knex, user)
      .join('cases as c', 'c.id', 'b.case_id')
      .modify((b) => {
        if (q.stage) b.where('b.stage', q.stage);
        if (q.responsible === 'center') b.whereNull('b.unit_id');
        if (q.responsible === 'provider') b.whereNotNull('b.unit_id');
        if (q.unitId) b.where('b.unit_id', q.unitId);
        if (q.caseId) b.where('b.case_id', q.caseId);
        if (q.since) b.where('b.breached_at', '>=', new Date(q.since).toISOString());
      });
    res.json(
      await listPage(
        query,
        q,
        (rows) =>
          rows
            .leftJoin('units as u', 'u.id', 'b.unit_id')
            .select(
              'b.id',
              'b.case_id',
              'b.stage',
              'b.rung',
              'b.level',
              'b.unit_id',
              'b.deadline',
              'b.breached_at',
              'u.name as unit_name',
              'c.type as case_type',
              'c.state as case_state',
              'c.closed_at as case_closed_at',
            )
            // Newest first; ties (one timer firing for several cases) in the order they were recorded.
            .orderBy([
              { column: 'b.breached_at', order: 'desc' },
              { column: 'b.id', order: 'desc' },
            ]),
        breachItem,
      ),
    );
  });

  router.get('/summary', async (req, res) => {
    const user = currentUser(req);
    const now = deps.clock.now().toISOString();
    const calendar = await deps.calendar.current();
    // Deadlines are the end of a working day (24:00 = the next day's 00:00 +08:00): "due today" is due by
    // the end of today, "due soon" by the end of the next working day (the policy's due-soon warning).
    const todayEnds = new Date(Date.parse(`${shanghaiDate(now)}T00:00:00.000+08:00`) + 86_400_000);
    const endOfToday = todayEnds.toISOString();
    const dueSoonUntil = new Date(workingDayDeadline(now, 1, calendar).deadline).toISOString();

    const open = () => openCases(knex, user);
    const [openTotal, dueToday, dueSoon, overdue, breachedOpen] = await Promise.all([
      countRows(open()),
      // At its deadline a stage is breached (the engine records it then): due means strictly after now.
      countRows(open().where('next_deadline', '>', now).where('next_deadline', '<=', endOfToday)),
      countRows(open().where('next_deadline', '>', now).where('next_deadline', '<=', dueSoonUntil)),
      countRows(open().where('next_deadline', '<=', now)),
      countRows(open().where({ breached: true })),
    ]);

    // Every recorded miss of a stage deadline: `breach`, or `breach#n` after a calendar edit moved the
    // deadline later and the moved one was missed too.
    const breaches = () => ownBreaches(knex, user).where('b.rung', 'like', 'breach%');
    const byStageRows: { stage: string; n: number | string }[] = await breaches()
      .select('b.stage')
      .count({ n: '*' })
      .groupBy('b.stage');
    const breachesByStage: Record<string, number> = Object.fromEntries(stages.map((s) => [s, 0]));
    for (const r of byStageRows) breachesByStage[r.stage] = Number(r.n);

    const byUnitRows: { unit_id: string | null; unit_name: string | null; n: number | string }[] =
      await breaches()
        .leftJoin('units as u', 'u.id', 'b.unit_id')
        .select('b.unit_id', 'u.name as unit_name')
        .count({ n: '*' })
        .groupBy('b.unit_id', 'u.name');
    const breachesByUnit = byUnitRows
      .map((r) => ({
        unitId: r.unit_id,
        unitName: r.unit_id === null ? CENTER_NAME : (r.unit_name ?? r.unit_id),
        count: Number(r.n),
      }))
      .sort((a, b) => b.count - a.count || (a.unitId ?? '').localeCompare(b.unitId ?? ''));

    res.json({
      asOf: shown(now),
      openCases: openTotal,
      dueToday,
      dueSoon,
      dueSoonUntil: shown(dueSoonUntil),
      overdue,
      breachedOpen,
      breachesByStage,
      breachesByUnit,
      escalations: await escalations(knex, user),
    });
  });

  return router;
}

/**
 * Second-level escalations to supervisors (the `deadline.escalated` notifications). A provider unit
 * counts those of the stages it answers for: the escalation's case and stage match one of its breaches.
 */
async function escalations(knex: Knex, user: User): Promise<number> {
  const sent = () =>
    knex('notifications').where({ template: TEMPLATES.escalated, recipient_kind: 'supervisor' });
  if (user.role !== 'provider') return countRows(sent());
  const own: { case_id: string; stage: string }[] = await ownBreaches(knex, user).select(
    'b.case_id',
    'b.stage',
  );
  const stagesOf = new Map<string, Set<string>>();
  for (const b of own) stagesOf.set(b.case_id, (stagesOf.get(b.case_id) ?? new Set()).add(b.stage));
  const rows: { case_id: string; payload: string }[] = await sent()
    .whereIn('case_id', ownBreaches(knex, user).select('b.case_id'))
    .select('case_id', 'payload');
  return rows.filter((r) => {
    const stage = (JSON.parse(r.payload) as { stage?: unknown }).stage;
    return typeof stage === 'string' && (stagesOf.get(r.case_id)?.has(stage) ?? false);
  }).length;
}
