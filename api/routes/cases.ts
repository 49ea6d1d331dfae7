import { Router } from 'express';
import { z } from 'zod';
import { resolveCorrection } from '../../domain/cases/correction';
import { actorMay } from '../../domain/cases/objection';
import type { Refusal } from '../../domain/cases/types';
import type { CaseView } from '../../domain/cases/view';
import { getRecord } from '../../db/records';
import { UpdateRejectedError, WorkflowNotFoundError } from '../../engine/errors';
import { caseAction, REFUSAL_FAILURE } from '../../workflows/messages';
import { currentUser, requireStaff, type User } from '../auth';
import type { AppDeps } from '../app';
import { actorOf, caseVisibleTo, presentCase } from '../case-presenter';
import { listPage, paging } from '../paging';
import { notFound, Problem, validationFailed } from '../problems';
import { parseInput } from '../validation';
import { OBJECTION_ACTION_BODIES } from './action-bodies';

export const caseListQuery = z.object({
  type: z.enum(['objection']).optional(),
  state: z.string().trim().min(1).max(32).optional(),
  breached: z.enum(['true', 'false']).optional(),
  dueBefore: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 instant with offset' }).optional(),
  ...paging,
});

export async function loadCaseView(deps: AppDeps, id: string, user: User): Promise<CaseView> {
  const row = await deps.db.knex('cases').where({ id }).first('view');
  const view: CaseView | null = row ? JSON.parse(row.view) : null;
  if (!view || !caseVisibleTo(view, user)) throw notFound(`case ${id}`);
  return view;
}

export function casesRouter(deps: AppDeps): Router {
  const { knex } = deps.db;
  const router = Router();
  router.use(requireStaff());

  router.get('/', async (req, res) => {
    const q = parseInput(caseListQuery, req.query, 'query');
    const user = currentUser(req);
    const query = knex('cases').modify((b) => {
      if (q.type) b.where({ type: q.type });
      if (q.state) b.where({ state: q.state });
      if (q.breached) b.where({ breached: q.breached === 'true' });
      if (q.dueBefore) b.where('next_deadline', '<', new Date(q.dueBefore).toISOString());
      if (user.role === 'provider') {
        b.where((w) => w.where({ provider_unit_id: user.unitId }).orWhere({ verify_unit_id: user.unitId }));
      }
    });
    res.json(
      await listPage(
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
        (row: { view: string }) => presentCase(knex, JSON.parse(row.view), user),
      ),
    );
  });

  router.get('/:id', async (req, res) => {
    const user = currentUser(req);
    res.json(await presentCase(knex, await loadCaseView(deps, req.params.id, user), user));
  });

  router.post('/:id/actions/:action', async (req, res) => {
    const user = currentUser(req);
    const view = await loadCaseView(deps, req.params.id, user);
    const schema = OBJECTION_ACTION_BODIES[req.params.action];
    if (!schema) throw notFound(`action ${req.params.action}`);
    // A closed case's workflow has completed: there is nothing left to ask it.
    if (view.state === 'closed') throw closedProblem(req.params.action);
    // Only a body its schema accepts ever reaches the engine. A wrong role or state is still answered
    // as such (403/409) whatever the body: by the workflow's validator when the body is valid (it has
    // the latest state), else from the projection.
    const mayTakeIt =
      view.allowedActions.includes(req.params.action) &&
      actorMay(req.params.action, actorOf(user), view.verifyUnitId);
    const parsed = schema.safeParse(req.body ?? {});
    if (!parsed.success && !mayTakeIt) throw refusalProblem(projectedRefusal(view, req.params.action, user));
    const valid = parsed.success ? parsed.data : parseInput(schema, req.body ?? {}, 'body');
    const body = await withCorrectionResolved(deps, view, req.params.action, valid).catch((err) => {
      throw mayTakeIt ? err : refusalProblem(projectedRefusal(view, req.params.action, user));
    });
    if (req.params.action === 'forward' && typeof body.unitId === 'string') {
      if (!(await knex('units').where({ id: body.unitId }).first())) {
        throw validationFailed([{ field: 'body.unitId', message: `no provider unit ${body.unitId}` }]);
      }
    }
    try {
      const after = await deps.engine.update(view.id, caseAction, {
        action: req.params.action,
        actor: actorOf(user),
        body,
      });
      res.json(await presentCase(knex, after, user));
    } catch (err) {
      if (err instanceof UpdateRejectedError && err.type === REFUSAL_FAILURE) {
        throw refusalProblem((err.details as Refusal[])[0]);
      }
      // It closed between reading the projection and sending the action.
      if (err instanceof WorkflowNotFoundError) throw closedProblem(req.params.action);
      throw err;
    }
  });

  return router;
}

/**
 * A correction's content as the record's whole next version: merged into, or with named removals from,
 * the current content, so that the engine (which replaces the content) never drops a field unasked.
 */
async function withCorrectionResolved(
  deps: AppDeps,
  view: CaseView,
  action: string,
  body: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const { removeFields, merge, ...rest } = body as Record<string, unknown> & {
    removeFields?: string[];
    merge?: boolean;
  };
  const replaces = action === 'correct' || (action === 'uphold' && body.correction === 'correct');
  if (!replaces) return rest;
  const record = await getRecord(deps.db.knex, view.recordId);
  const outcome = resolveCorrection((record?.content ?? {}) as Record<string, unknown>, {
    content: rest.content as Record<string, unknown>,
    removeFields,
    merge,
  });
  if (!outcome.ok) {
    throw new Problem('validation-failed', {
      detail: outcome.message,
      errors: [{ field: `body.${outcome.field}`, message: outcome.message }],
      removedFields: outcome.removedFields,
    });
  }
  return { ...rest, content: outcome.content };
}

/** Why the projected case refuses `action` to `user` (who may not take it): the role first, then the state. */
function projectedRefusal(view: CaseView, action: string, user: User): Refusal {
  const actor = actorOf(user);
  const allowedActions = view.allowedActions.filter((a) => actorMay(a, actor, view.verifyUnitId));
  const base = { state: view.state, allowedActions };
  const roleMay = actorMay(action, actor, actor.role === 'provider' ? actor.unitId : view.verifyUnitId);
  if (!roleMay) return { ...base, kind: 'forbidden', message: `${action} is not for the ${user.role} role` };
  if (!view.allowedActions.includes(action)) {
    return {
      ...base,
      kind: 'not-allowed',
      message: `${action} is not allowed while the case is ${view.state}`,
    };
  }
  return { ...base, kind: 'forbidden', message: 'This verification task belongs to another unit' };
}

function closedProblem(action: string): Problem {
  return refusalProblem({
    kind: 'not-allowed',
    message: `${action} is not allowed: the case is closed`,
    state: 'closed',
    allowedActions: [],
  });
}

function refusalProblem(r: Refusal): Problem {
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
