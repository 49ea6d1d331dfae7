/**
 * Objection 异议 (厦门办法第二十四～二十六条): "2 + 6 + 2" working days.
 * compare (credit center, 2) → verify (provider unit, 6 from its receipt) → process (credit center, 2).
 * A pure state machine: (case, action, time, policy) → (case, effects). No I/O, no clock.
 */
import { workingDays } from '../calendar';
import { contentTooLarge } from '../json-shape';
import type { Policy, ProfileId } from '../policy';
import { collectionViolations } from '../records';
import type { SubjectKind } from '../subject-id';
import { logged, type CaseCore, type Transition as MachineTransition } from './machine';
import { OBJECTION_ACTIONS as ACTION_SPECS } from './objection-actions';
import { actionsFor, checkActionOn, type CaseFacts } from './refusal';
import {
  nextStage,
  openStage,
  openStageOf,
  isPaused,
  pauseStage,
  resumeStage,
  withOpenStage,
  completeStage,
} from './stages';
import { TEMPLATES } from './templates';
import { SYSTEM, type ActionRequest, type Actor, type Effect, type Refusal, type Stage } from './types';

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

export interface ObjectionCase extends CaseCore {
  input: ObjectionInput;
  state: ObjectionState;
  outcome: ObjectionOutcome | null;
  /** The unit asked to verify (the record's provider unless the clerk forwarded elsewhere). */
  verifyUnitId: string | null;
  verification: VerificationResult | null;
  /** 第二十六条: the record is not provided in queries while the provider is overdue. */
  suspended: boolean;
}

export type Transition = MachineTransition<ObjectionCase>;

export const OBJECTION_ACTIONS = Object.keys(ACTION_SPECS) as ObjectionAction[];
export type ObjectionAction =
  | 'forward'
  | 'correct'
  | 'reject'
  | 'uphold'
  | 'dismiss'
  | 'process'
  | 'withdraw'
  | 'pause'
  | 'resume';

const STAGE_ACTIONS: Record<ObjectionState, ObjectionAction[]> = {
  compare: ['forward', 'correct', 'reject'],
  verify: ['uphold', 'dismiss'],
  process: ['process'],
  closed: [],
};

/** 受理: the case opens in compare and the record is annotated at once (第二十六条). */
export function openObjection(input: ObjectionInput, policy: Policy): Transition {
  const c: ObjectionCase = {
    input,
    state: 'compare',
    outcome: null,
    openedAt: input.acceptedAt,
    closedAt: null,
    stages: [openStage('compare', input.acceptedAt, workingDays(policy.objection.compareDays))],
    verifyUnitId: null,
    verification: null,
    suspended: false,
    timeline: [],
    logged: 0,
  };
  return {
    next: log(c, input.acceptedAt, input.acceptedBy, 'accepted', { kind: input.kind, reason: input.reason }),
    effects: [{ type: 'annotateRecord', recordId: input.recordId }],
  };
}

/** The actions open to `actor` now (all roles' actions when no actor is given). */
export function allowedActions(c: ObjectionCase, policy: Policy, actor?: Actor): ObjectionAction[] {
  if (c.state === 'closed') return [];
  const stage = openStageOf(c.stages);
  const actions: ObjectionAction[] = [...STAGE_ACTIONS[c.state], 'withdraw'];
  if (policy.objection.pauseAllowed && stage) actions.push(isPaused(stage) ? 'resume' : 'pause');
  return actor ? (actionsFor(objectionActions, facts(c, actions), actor) as ObjectionAction[]) : actions;
}

const objectionActions = { type: 'objection', actions: ACTION_SPECS };

function facts(c: ObjectionCase, allowed: string[]): CaseFacts {
  return {
    state: c.state,
    allowedActions: allowed,
    units: unitsInvolved(c),
    actingUnitId: openStageOf(c.stages)?.unitId ?? null,
  };
}

/** The record's provider unit, and the unit asked to verify: their providers may see the case. */
export function unitsInvolved(c: ObjectionCase): string[] {
  return [...new Set([c.input.providerUnitId, c.verifyUnitId].filter((u): u is string => Boolean(u)))];
}

/** Why `req` may not run now, or null if it may. Checked before anything changes. */
export function refusal(c: ObjectionCase, req: ActionRequest, policy: Policy): Refusal | null {
  const check = checkActionOn(objectionActions, facts(c, allowedActions(c, policy)), req, (r) =>
    bodyProblem(c, r),
  );
  return check.ok ? null : check.refusal;
}

/**
 * Record content must be free of data 第十五条 forbids for this subject (the schema checked its shape).
 * An Update may reach the workflow from any client, so the case checks this itself.
 */
export function bodyProblem(c: ObjectionCase, req: ActionRequest): { field: string; message: string } | null {
  const content = req.body.content;
  if (content === undefined || content === null || typeof content !== 'object') return null;
  const tooLarge = contentTooLarge(content);
  if (tooLarge) return { field: 'content', message: tooLarge };
  const violation = collectionViolations(
    content,
    c.input.subject ?? { kind: 'organization', consentRecorded: true },
  )[0];
  if (!violation) return null;
  return {
    field: `content.${violation.path}`,
    message:
      violation.refusal === 'forbidden-data'
        ? '厦门办法第十五条: this data may not be collected (religion, genes, fingerprints, blood type, illness)'
        : '厦门办法第十五条: income, deposits, securities, insurance, real estate or tax need the subject’s written consent',
  };
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
        stages: nextStage(
          c.stages,
          at,
          openStage('verify', at, workingDays(policy.objection.verifyDays), { unitId }),
        ),
      };
      return {
        next: log(next, at, actor, 'forwarded', { unitId, note: body.note ?? null }),
        effects: [
          { type: 'openTask', kind: 'verify', unitId, stage: 'verify', recordId: c.input.recordId },
          {
            type: 'notify',
            recipient: 'provider',
            unitId,
            template: TEMPLATES.verificationRequested,
            payload: { unitId },
          },
        ],
      };
    }
    case 'correct':
      return close(c, at, actor, 'corrected', 'corrected', { reason }, [
        {
          type: 'writeRecordVersion',
          recordId: c.input.recordId,
          content: body.content,
          reason: reason ?? '',
        },
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
        stages: nextStage(c.stages, at, openStage('process', at, workingDays(policy.objection.processDays))),
      };
      const effects: Effect[] = [{ type: 'closeTask', stage: 'verify', status: 'done' }];
      // 第二十六条: suspension lasts until the provider's result arrives.
      if (c.suspended) effects.push({ type: 'unsuspendRecord', recordId: c.input.recordId });
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
            ? [{ type: 'markRecordDeleted', recordId: c.input.recordId, reason: v.reason }]
            : [
                {
                  type: 'writeRecordVersion',
                  recordId: c.input.recordId,
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
          {
            type: 'notify',
            recipient: 'provider',
            unitId: c.verifyUnitId ?? c.input.providerUnitId,
            template: TEMPLATES.objectionWithdrawn,
            payload: {},
          },
        );
      }
      return close(c, at, actor, 'withdrawn', 'withdrawn', { reason: reason ?? null }, effects);
    }
    case 'pause': {
      const next = {
        ...c,
        stages: withOpenStage(c.stages, pauseStage(at, reason ?? '')),
      };
      return {
        next: log(next, at, actor, 'paused', { stage: openStageOf(c.stages)?.name, reason }),
        effects: [],
      };
    }
    case 'resume': {
      const next = {
        ...c,
        stages: withOpenStage(c.stages, resumeStage(at)),
      };
      return { next: log(next, at, actor, 'resumed', { stage: openStageOf(c.stages)?.name }), effects: [] };
    }
  }
}

/** What a breach of `stage` does beyond being recorded and escalated (第二十六条: provider overdue → suspend). */
export function breachEffects(c: ObjectionCase, stage: Stage, at: string, policy: Policy): Transition {
  if (stage.name !== 'verify' || !policy.objection.suspendWhenProviderOverdue || c.suspended) {
    return { next: c, effects: [] };
  }
  return {
    next: log({ ...c, suspended: true }, at, SYSTEM, 'record-suspended', { stage: stage.name }),
    effects: [{ type: 'suspendRecord', recordId: c.input.recordId }],
  };
}

/** The provider is not overdue after all (its deadline moved later): provide the record again. */
export function breachLifted(c: ObjectionCase): Transition {
  return c.suspended
    ? { next: { ...c, suspended: false }, effects: [{ type: 'unsuspendRecord', recordId: c.input.recordId }] }
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
      ...(c.suspended ? [{ type: 'unsuspendRecord', recordId: c.input.recordId } as const] : []),
      { type: 'clearAnnotation', recordId: c.input.recordId },
      { type: 'notify', recipient: 'applicant', template: TEMPLATES.objectionClosed, payload: { outcome } },
    ],
  };
}

/** Appends a timeline entry to the objection. */
export const log = logged<ObjectionCase>;
