/**
 * Objection 异议 (厦门办法第二十四～二十六条): "2 + 6 + 2" working days.
 * compare (credit center, 2) → verify (provider unit, 6 from its receipt) → process (credit center, 2).
 * A pure state machine: (case, action, time, policy) → (case, effects). No I/O, no clock.
 */
import type { Policy, ProfileId } from '../policy';
import { completeStage, isPaused, openStage, openStageOf, withOpenStage } from './stages';
import { contentTooLarge } from '../json-shape';
import { collectionViolations } from '../records';
import type { SubjectKind } from '../subject-id';
import { TEMPLATES } from './templates';
import type { ActionRequest, Actor, Effect, Refusal, Stage, TimelineEntry } from './types';

export type ObjectionState = 'compare' | 'verify' | 'process' | 'closed';
export type ObjectionOutcome = 'corrected' | 'deleted' | 'supplemented' | 'kept' | 'rejected' | 'withdrawn';
export type ObjectionKind = 'wrong' | 'incomplete' | 'infringement';
export type Correction = 'correct' | 'delete' | 'supplement';

export interface Applicant {
  name: string;
  idNumber: string;
  phone?: string;
}

export interface ObjectionInput {
  caseId: string;
  profile: ProfileId;
  recordId: string;
  /** The 信息提供单位 that produced the record. */
  providerUnitId: string;
  applicant: Applicant;
  kind: ObjectionKind;
  reason: string;
  evidence: string[];
  acceptedAt: string;
  acceptedBy: Actor;
  /**
   * Whose record it is, for 第十五条 checks of corrected content (absent in runs accepted before it was
   * recorded: then only the never-collectable data is refused).
   */
  subject?: { kind: SubjectKind; consentRecorded: boolean };
}

export type VerificationResult =
  | { result: 'upheld'; correction: Correction; content: unknown; reason: string; unitId: string }
  | { result: 'dismissed'; reason: string; unitId: string };

export interface ObjectionCase {
  type: 'objection';
  input: ObjectionInput;
  state: ObjectionState;
  outcome: ObjectionOutcome | null;
  closedAt: string | null;
  stages: Stage[];
  /** The unit asked to verify (the record's provider unless the clerk forwarded elsewhere). */
  verifyUnitId: string | null;
  verification: VerificationResult | null;
  /** 第二十六条: the record is not provided in queries while the provider is overdue. */
  suspended: boolean;
  timeline: TimelineEntry[];
}

export interface Transition {
  next: ObjectionCase;
  effects: Effect[];
}

export const OBJECTION_ACTIONS = [
  'forward',
  'correct',
  'reject',
  'uphold',
  'dismiss',
  'process',
  'withdraw',
  'pause',
  'resume',
] as const;
export type ObjectionAction = (typeof OBJECTION_ACTIONS)[number];

const STAGE_ACTIONS: Record<ObjectionState, ObjectionAction[]> = {
  compare: ['forward', 'correct', 'reject'],
  verify: ['uphold', 'dismiss'],
  process: ['process'],
  closed: [],
};

const PROVIDER_ACTIONS: readonly ObjectionAction[] = ['uphold', 'dismiss'];

/** 受理: the case opens in compare and the record is annotated at once (第二十六条). */
export function openObjection(input: ObjectionInput, policy: Policy): Transition {
  const c: ObjectionCase = {
    type: 'objection',
    input,
    state: 'compare',
    outcome: null,
    closedAt: null,
    stages: [openStage('compare', input.acceptedAt, policy.objection.compareDays)],
    verifyUnitId: null,
    verification: null,
    suspended: false,
    timeline: [],
  };
  return {
    next: log(c, input.acceptedAt, input.acceptedBy, 'accepted', { kind: input.kind, reason: input.reason }),
    effects: [{ type: 'annotateRecord' }],
  };
}

/** The actions open to `actor` now (all roles' actions when no actor is given). */
export function allowedActions(c: ObjectionCase, policy: Policy, actor?: Actor): ObjectionAction[] {
  if (c.state === 'closed') return [];
  const stage = openStageOf(c.stages);
  const actions: ObjectionAction[] = [...STAGE_ACTIONS[c.state], 'withdraw'];
  if (policy.objection.pauseAllowed && stage) actions.push(isPaused(stage) ? 'resume' : 'pause');
  if (!actor) return actions;
  return actions.filter((a) => mayAct(c, a, actor));
}

function mayAct(c: ObjectionCase, action: ObjectionAction, actor: Actor): boolean {
  return actorMay(action, actor, c.verifyUnitId);
}

/** Provider units verify (only the unit asked to); clerks do everything else on the case. */
export function actorMay(action: string, actor: Actor, verifyUnitId: string | null): boolean {
  if (PROVIDER_ACTIONS.includes(action as ObjectionAction)) {
    return actor.role === 'provider' && actor.unitId === verifyUnitId;
  }
  return actor.role === 'clerk';
}

/** Units whose providers may see this case at all; others get "not found", never "forbidden". */
export function unitsInvolved(c: ObjectionCase): string[] {
  return [...new Set([c.input.providerUnitId, c.verifyUnitId].filter((u): u is string => Boolean(u)))];
}

/** Why `req` may not run now, or null if it may. Checked before anything changes. */
export function refusal(c: ObjectionCase, req: ActionRequest, policy: Policy): Refusal | null {
  const refuse = (kind: Refusal['kind'], message: string, field?: string): Refusal => ({
    kind,
    message,
    state: c.state,
    allowedActions: allowedActions(c, policy, req.actor),
    ...(field ? { field } : {}),
  });
  const action = req.action as ObjectionAction;
  if (!OBJECTION_ACTIONS.includes(action))
    return refuse('not-found', `Unknown objection action "${req.action}"`);
  if (req.actor.role === 'provider' && !unitsInvolved(c).includes(req.actor.unitId ?? '')) {
    return refuse('not-found', 'No such case for your unit');
  }
  const isProviderAction = PROVIDER_ACTIONS.includes(action);
  if (isProviderAction ? req.actor.role !== 'provider' : req.actor.role !== 'clerk') {
    return refuse('forbidden', `${action} is done by ${isProviderAction ? 'the provider unit' : 'a clerk'}`);
  }
  if (!allowedActions(c, policy).includes(action)) {
    return refuse('not-allowed', `${action} is not allowed while the case is ${c.state}`);
  }
  if (isProviderAction && req.actor.unitId !== c.verifyUnitId) {
    // The record's own unit sees the case, but the verification was sent elsewhere.
    return refuse('forbidden', 'This verification task belongs to another unit');
  }
  const problem = bodyProblem(action, req.body, c.input.subject);
  return problem ? refuse('invalid', problem.message, problem.field) : null;
}

type FieldProblem = { field: string; message: string } | null;

/**
 * The body checks the case itself makes, whatever the caller validated: an Update may reach the
 * workflow from any client. Record content must be a non-empty object free of data 第十五条 forbids.
 */
function bodyProblem(
  action: ObjectionAction,
  body: Record<string, unknown>,
  subject: ObjectionInput['subject'],
): FieldProblem {
  const text = (field: string): FieldProblem =>
    typeof body[field] === 'string' && (body[field] as string).trim().length > 0
      ? null
      : { field, message: `${field} is required` };
  const content = (): FieldProblem => {
    const value = body.content;
    if (
      value === null ||
      typeof value !== 'object' ||
      Array.isArray(value) ||
      Object.keys(value).length === 0
    ) {
      return { field: 'content', message: 'content must be a non-empty object (the record content)' };
    }
    const tooLarge = contentTooLarge(value);
    if (tooLarge) return { field: 'content', message: tooLarge };
    const violation = collectionViolations(
      value,
      subject ?? { kind: 'organization', consentRecorded: true },
    )[0];
    return violation
      ? {
          field: `content.${violation.path}`,
          message:
            violation.refusal === 'forbidden-data'
              ? '厦门办法第十五条: this data may not be collected (religion, genes, fingerprints, blood type, illness)'
              : '厦门办法第十五条: income, deposits, securities, insurance, real estate or tax need the subject’s written consent',
        }
      : null;
  };
  switch (action) {
    case 'correct':
      return content() ?? text('reason');
    case 'reject':
    case 'dismiss':
    case 'pause':
      return text('reason');
    case 'uphold': {
      if (!['correct', 'delete', 'supplement'].includes(body.correction as string)) {
        return { field: 'correction', message: 'correction must be correct, delete or supplement' };
      }
      return (body.correction === 'delete' ? null : content()) ?? text('reason');
    }
    default:
      return null;
  }
}

/** Runs an action that refusal() accepted. */
export function applyAction(c: ObjectionCase, req: ActionRequest, at: string, policy: Policy): Transition {
  const { actor, body } = req;
  const reason = typeof body.reason === 'string' ? body.reason : undefined;
  switch (req.action as ObjectionAction) {
    case 'forward': {
      const unitId = typeof body.unitId === 'string' && body.unitId ? body.unitId : c.input.providerUnitId;
      // The provider's 6 days run from its receipt of the notice: the task is in its inbox at once.
      const next: ObjectionCase = {
        ...c,
        state: 'verify',
        verifyUnitId: unitId,
        stages: [
          ...withOpenStage(c.stages, completeStage(at)),
          openStage('verify', at, policy.objection.verifyDays),
        ],
      };
      return {
        next: log(next, at, actor, 'forwarded', { unitId, note: body.note ?? null }),
        effects: [
          { type: 'openTask', kind: 'verify', unitId, stage: 'verify' },
          {
            type: 'notify',
            recipient: 'provider',
            template: TEMPLATES.verificationRequested,
            payload: { unitId },
          },
        ],
      };
    }
    case 'correct':
      return close(c, at, actor, 'corrected', 'corrected', { reason }, [
        { type: 'writeRecordVersion', content: body.content, reason: reason ?? '' },
      ]);
    case 'reject':
      return close(c, at, actor, 'rejected', 'rejected', { reason }, []);
    case 'uphold':
    case 'dismiss': {
      const unitId = c.verifyUnitId ?? c.input.providerUnitId;
      const verification: VerificationResult =
        req.action === 'uphold'
          ? {
              result: 'upheld',
              correction: body.correction as Correction,
              content: body.content ?? null,
              reason: reason ?? '',
              unitId,
            }
          : { result: 'dismissed', reason: reason ?? '', unitId };
      const next: ObjectionCase = {
        ...c,
        state: 'process',
        verification,
        suspended: false,
        stages: [
          ...withOpenStage(c.stages, completeStage(at)),
          openStage('process', at, policy.objection.processDays),
        ],
      };
      const effects: Effect[] = [{ type: 'closeTask', stage: 'verify', status: 'done' }];
      // 第二十六条: suspension lasts until the provider's result arrives.
      if (c.suspended) effects.push({ type: 'unsuspendRecord' });
      return {
        next: log(next, at, actor, req.action === 'uphold' ? 'upheld' : 'dismissed', { ...verification }),
        effects,
      };
    }
    case 'process': {
      const v = c.verification;
      const outcome: ObjectionOutcome =
        v?.result !== 'upheld'
          ? 'kept'
          : v.correction === 'delete'
            ? 'deleted'
            : v.correction === 'supplement'
              ? 'supplemented'
              : 'corrected';
      const apply: Effect[] =
        v?.result !== 'upheld'
          ? []
          : v.correction === 'delete'
            ? [{ type: 'markRecordDeleted', reason: v.reason }]
            : [
                {
                  type: 'writeRecordVersion',
                  content: v.content,
                  reason: v.reason,
                  // 补充 adds to the record; 更正 replaces what it says.
                  merge: v.correction === 'supplement',
                },
              ];
      return close(c, at, actor, 'processed', outcome, { note: body.note ?? null, verification: v }, apply);
    }
    case 'withdraw': {
      const effects: Effect[] = [];
      if (c.state === 'verify') {
        effects.push(
          { type: 'closeTask', stage: 'verify', status: 'cancelled' },
          { type: 'notify', recipient: 'provider', template: TEMPLATES.objectionWithdrawn, payload: {} },
        );
      }
      return close(c, at, actor, 'withdrawn', 'withdrawn', { reason: reason ?? null }, effects);
    }
    case 'pause': {
      const next = {
        ...c,
        stages: withOpenStage(c.stages, (s) => ({
          ...s,
          pauses: [...s.pauses, { from: at, to: null, reason: reason ?? '' }],
        })),
      };
      return {
        next: log(next, at, actor, 'paused', { stage: openStageOf(c.stages)?.name, reason }),
        effects: [],
      };
    }
    case 'resume': {
      const next = {
        ...c,
        stages: withOpenStage(c.stages, (s) => ({
          ...s,
          pauses: s.pauses.map((p) => (p.to === null ? { ...p, to: at } : p)),
        })),
      };
      return { next: log(next, at, actor, 'resumed', { stage: openStageOf(c.stages)?.name }), effects: [] };
    }
  }
}

/** What a breach of `stage` does beyond being recorded and escalated (第二十六条: provider overdue → suspend). */
export function breachEffects(c: ObjectionCase, stage: Stage, policy: Policy): Transition {
  if (stage.name !== 'verify' || !policy.objection.suspendWhenProviderOverdue || c.suspended) {
    return { next: c, effects: [] };
  }
  return { next: { ...c, suspended: true }, effects: [{ type: 'suspendRecord' }] };
}

/** The provider is not overdue after all (its deadline moved later): provide the record again. */
export function breachLifted(c: ObjectionCase): Transition {
  return c.suspended
    ? { next: { ...c, suspended: false }, effects: [{ type: 'unsuspendRecord' }] }
    : { next: c, effects: [] };
}

function close(
  c: ObjectionCase,
  at: string,
  actor: Actor,
  event: string,
  outcome: ObjectionOutcome,
  detail: Record<string, unknown>,
  effects: Effect[],
): Transition {
  const next: ObjectionCase = {
    ...c,
    state: 'closed',
    outcome,
    closedAt: at,
    suspended: false,
    stages: withOpenStage(c.stages, completeStage(at)),
  };
  return {
    next: log(next, at, actor, event, { ...detail, outcome }),
    effects: [
      ...effects,
      ...(c.suspended ? [{ type: 'unsuspendRecord' } as const] : []),
      { type: 'clearAnnotation' },
      { type: 'notify', recipient: 'applicant', template: TEMPLATES.objectionClosed, payload: { outcome } },
    ],
  };
}

/** Appends a timeline entry; sequence numbers make the projection's writes idempotent. */
export function log(
  c: ObjectionCase,
  at: string,
  actor: Actor,
  event: string,
  detail: Record<string, unknown>,
): ObjectionCase {
  return { ...c, timeline: [...c.timeline, { seq: c.timeline.length + 1, at, actor, event, detail }] };
}
