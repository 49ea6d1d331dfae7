import { Router } from 'express';
import { z } from 'zod';
import { checkAction } from '../../domain/cases/refusal';
import { summaryFacts, type CaseSummary } from '../../domain/cases/summary';
import type { Refusal } from '../../domain/cases/types';
import { UpdateRejectedError, WorkflowNotFoundError } from '../../engine/errors';
import { caseAction, REFUSAL_FAILURE } from '../../workflows/messages';
import { currentUser, requireStaff, type User } from '../auth';
import type { AppDeps } from '../app';
import { actorOf, caseVisibleTo, presentCase, presentCases, scopeCasesTo } from '../case-presenter';
import { listPage, paging } from '../paging';
import { notFound, Problem, validationFailed } from '../problems';
import { parseInput } from '../validation';

export function caseListQuery(deps: Pick<AppDeps, 'caseTypes'>) {
  return z.object({
    type: z.enum([...deps.caseTypes.keys()] as [string, ...string[]]).optional(),
    state: z.string().trim().min(1).max(32).optional(),
    breached: z.enum(['true', 'false']).optional(),
    dueBefore: z.iso
      .datetime({ offset: true, message: 'must be an ISO 8601 instant with offset' })
      .optional(),
    ...paging,
  });
}

export async function loadCaseSummary(deps: AppDeps, id: string, user: User): Promise<CaseSummary> {
  const row = await deps.db.knex('cases').where({ id }).first('view');
  const summary: CaseSummary | null = row ? JSON.parse(row.view) : null;
  if (!summary || !caseVisibleTo(summary, user)) throw notFound(`case ${id}`);
  return summary;
}

export function casesRouter(deps: AppDeps): Router {
  const { knex } = deps.db;
  const router = Router();
  router.use(requireStaff());
  const listQuery = caseListQuery(deps);

  router.get('/', async (req, res) => {
    const q = parseInput(listQuery, req.query, 'query');
    const user = currentUser(req);
    const query = knex('cases').modify((b) => {
      if (q.type) b.where({ type: q.type });
      if (q.state) b.where({ state: q.state });
      if (q.breached) b.where({ breached: q.breached === 'true' });
      if (q.dueBefore) b.where('next_deadline', '<', new Date(q.dueBefore).toISOString());
      scopeCasesTo(b, knex, user);
    });
    const page = await listPage(
      query,
      q,
      (rows) =>
        rows
          .select('view')
          // Open cases by the deadline nearest first; closed ones (no deadline) after, newest first.
          .orderByRaw('CASE WHEN next_deadline IS NULL THEN 1 ELSE 0 END')
          .orderBy([
            { column: 'next_deadline', order: 'asc' },
            { column: 'opened_at', order: 'desc' },
            { column: 'id', order: 'asc' },
          ]),
      (row: { view: string }) => JSON.parse(row.view) as CaseSummary,
    );
    res.json({ ...page, items: await presentCases(deps, page.items, user) });
  });

  router.get('/:id', async (req, res) => {
    const user = currentUser(req);
    res.json(await presentCase(deps, await loadCaseSummary(deps, req.params.id, user), user));
  });

  router.post('/:id/actions/:action', async (req, res) => {
    const user = currentUser(req);
    const { action } = req.params;
    const summary = await loadCaseSummary(deps, req.params.id, user);
    const api = deps.caseTypes.get(summary.type);
    if (!api || !Object.hasOwn(api.caseType.actions, action)) throw notFound(`action ${action}`);
    // A closed case's workflow has completed: there is nothing left to ask it.
    if (summary.state === 'closed') throw closedProblem(action);
    const request = { action, actor: actorOf(user), body: req.body ?? {} };
    const check = checkAction(api.caseType, summaryFacts(summary), request);
    // Only a body its schema accepts ever reaches the engine. A wrong role or state is still answered as
    // such (403/409) whatever the body: by the workflow's validator when the body is valid (it has the
    // latest state), else from the projection.
    // checkAction parsed the body when it got that far; a role or state refusal stops before the body.
    const parsed = check.ok
      ? { success: true as const, data: check.body }
      : api.caseType.actions[action].body.safeParse(request.body);
    if (!check.ok && (check.refusal.kind === 'invalid' || !parsed.success)) {
      throw check.refusal.kind === 'invalid'
        ? validationFailed(
            (check.errors ?? []).map((e) => ({ field: `body.${e.field}`, message: e.message })),
          )
        : refusalProblem(check.refusal);
    }
    const valid = parsed.data as Record<string, unknown>;
    const body = api.prepareAction
      ? await api.prepareAction(deps, summary, action, valid).catch((err) => {
          throw check.ok ? err : refusalProblem(check.refusal);
        })
      : valid;
    try {
      const after = await deps.engine.update(summary.id, caseAction, { ...request, body });
      await api.afterAction?.(deps, after, action);
      res.json(await presentCase(deps, after, user));
    } catch (err) {
      if (err instanceof UpdateRejectedError && err.type === REFUSAL_FAILURE) {
        throw refusalProblem((err.details as Refusal[])[0]);
      }
      // It closed between reading the projection and sending the action.
      if (err instanceof WorkflowNotFoundError) throw closedProblem(action);
      throw err;
    }
  });

  return router;
}

function closedProblem(action: string): Problem {
  return refusalProblem({
    kind: 'not-allowed',
    message: `${action} is not allowed: the case is closed`,
    state: 'closed',
    allowedActions: [],
  });
}

export function refusalProblem(r: Refusal): Problem {
  switch (r.kind) {
    case 'forbidden':
      return new Problem('forbidden', { detail: r.message });
    case 'not-found':
      return new Problem('not-found', { detail: r.message });
    case 'not-allowed':
      return new Problem('action-not-allowed', {
        detail: r.message,
        state: r.state,
        allowedActions: r.allowedActions,
      });
    case 'invalid':
      return validationFailed([{ field: `body.${r.field ?? ''}`, message: r.message }]);
  }
}
