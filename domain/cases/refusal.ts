import type { ActionSpec, AnyCaseType } from './registry';

/** What deciding an action needs of its type: the type's name and its actions. */
export type ActionCatalog = Pick<AnyCaseType, 'type' | 'actions'>;
import type { ActionRequest, Actor, Refusal } from './types';

/** What deciding an action needs to know of a case: the live state in the workflow, or its projection. */
export interface CaseFacts {
  state: string;
  /** The actions the state allows, to anyone. */
  allowedActions: string[];
  /** The provider units involved: only their providers may see the case. */
  units: string[];
  /** The unit that answers for the open stage (null: the credit center, or no stage open). */
  actingUnitId: string | null;
}

export type ActionCheck =
  | { ok: true; body: Record<string, unknown> }
  | { ok: false; refusal: Refusal; errors?: { field: string; message: string }[] };

/** A provider sees a case only if its unit is involved; other staff see every case. */
export function unitMaySee(
  units: readonly string[],
  actor: { role: string; unitId: string | null },
): boolean {
  return actor.role !== 'provider' || units.includes(actor.unitId ?? '');
}

/** Whether the actor's role takes this action at all (the stage's unit is checked separately). */
function roleTakes(spec: ActionSpec, actor: Actor): boolean {
  return spec.by === 'unit' ? actor.role === 'provider' : actor.role === 'clerk';
}

/** The allowed actions this actor may take now. */
export function actionsFor(type: ActionCatalog, facts: CaseFacts, actor: Actor): string[] {
  return facts.allowedActions.filter((a) => {
    const spec = type.actions[a];
    return spec && roleTakes(spec, actor) && (spec.by === 'clerk' || actor.unitId === facts.actingUnitId);
  });
}

/**
 * Why `req` may not run now, or its parsed body if it may: an unknown action or a case the actor's unit
 * may not see (not found), the wrong role (forbidden), the wrong state (not allowed), another unit's step
 * (forbidden), then the body (invalid). The workflow's validator and the API ask the same question.
 */
export function checkAction(type: ActionCatalog, facts: CaseFacts, req: ActionRequest): ActionCheck {
  const refuse = (kind: Refusal['kind'], message: string, field?: string): ActionCheck => ({
    ok: false,
    refusal: {
      kind,
      message,
      state: facts.state,
      allowedActions: actionsFor(type, facts, req.actor),
      ...(field !== undefined ? { field } : {}),
    },
  });
  const spec = Object.hasOwn(type.actions, req.action) ? type.actions[req.action] : undefined;
  if (!spec) return refuse('not-found', `Unknown ${type.type} action "${req.action}"`);
  if (!unitMaySee(facts.units, req.actor)) return refuse('not-found', 'No such case for your unit');
  if (!roleTakes(spec, req.actor)) {
    return refuse(
      'forbidden',
      `${req.action} is done by ${spec.by === 'unit' ? 'the provider unit' : 'a clerk'}`,
    );
  }
  if (!facts.allowedActions.includes(req.action)) {
    return refuse('not-allowed', `${req.action} is not allowed while the case is ${facts.state}`);
  }
  if (spec.by === 'unit' && req.actor.unitId !== facts.actingUnitId) {
    return refuse('forbidden', 'This step belongs to another unit');
  }
  const parsed = spec.body.safeParse(req.body ?? {});
  if (!parsed.success) {
    const errors = parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
    return {
      ...(refuse('invalid', errors[0].message, errors[0].field) as { ok: false; refusal: Refusal }),
      errors,
    };
  }
  return { ok: true, body: parsed.data };
}

/**
 * checkAction, then the body check that needs the case's own data (the machine's bodyProblem) on the
 * body as its schema parsed it. The workflow's validator and the objection's pure `refusal` both ask this.
 */
export function checkActionOn(
  type: ActionCatalog,
  facts: CaseFacts,
  req: ActionRequest,
  bodyProblem?: (req: ActionRequest) => { field: string; message: string } | null,
): ActionCheck {
  const check = checkAction(type, facts, req);
  if (!check.ok) return check;
  const problem = bodyProblem?.({ ...req, body: check.body });
  if (!problem) return check;
  return {
    ok: false,
    refusal: {
      kind: 'invalid',
      ...problem,
      state: facts.state,
      allowedActions: actionsFor(type, facts, req.actor),
    },
  };
}
