/**
 * 守信信息不公开 Non-disclosure of positive records (厦门办法第二十七条; 武汉办法第二十九条).
 * review (credit center, 5 working days from acceptance; Wuhan 2) → closed. Approved: each record is no
 * longer provided and is archived (Wuhan: also marked deleted, never removed), each provider unit told.
 */
import { workingDays } from '../calendar';
import type { Policy, ProfileId } from '../policy';
import type { RecordCategory } from '../records';
import { logged, type CaseCore, type Transition } from './machine';
import { completeStage, openStage, withOpenStage } from './stages';
import { TEMPLATES } from './templates';
import type { ActionRequest, Actor, Effect } from './types';

export type NonDisclosureState = 'review' | 'closed';
export type NonDisclosureOutcome = 'archived' | 'refused' | 'withdrawn';

export interface NonDisclosureInput {
  caseId: string;
  profile: ProfileId;
  subjectId: string;
  /** Each record named and the provider unit that reported it. */
  records: { recordId: string; providerUnitId: string }[];
  applicant: { name: string; idNumber: string; phone?: string };
  acceptedAt: string;
  acceptedBy: Actor;
}

export interface NonDisclosureCase extends CaseCore {
  input: NonDisclosureInput;
  state: NonDisclosureState;
  outcome: NonDisclosureOutcome | null;
  reason: string | null;
}

export function openNonDisclosure(input: NonDisclosureInput, policy: Policy): Transition<NonDisclosureCase> {
  const c: NonDisclosureCase = {
    input,
    state: 'review',
    outcome: null,
    openedAt: input.acceptedAt,
    closedAt: null,
    stages: [openStage('review', input.acceptedAt, workingDays(policy.nonDisclosure.reviewDays))],
    reason: null,
    timeline: [],
    logged: 0,
  };
  return {
    next: logged(c, input.acceptedAt, input.acceptedBy, 'accepted', {
      recordIds: input.records.map((r) => r.recordId),
    }),
    effects: [],
  };
}

export const nonDisclosureAllowedActions = (c: NonDisclosureCase): string[] =>
  c.state === 'review' ? ['approve', 'refuse', 'withdraw'] : [];

export const nonDisclosureUnits = (c: NonDisclosureCase): string[] => [
  ...new Set(c.input.records.map((r) => r.providerUnitId)),
];

export function applyNonDisclosure(
  c: NonDisclosureCase,
  req: ActionRequest,
  at: string,
  policy: Policy,
): Transition<NonDisclosureCase> {
  const reason = typeof req.body.reason === 'string' ? req.body.reason : null;
  switch (req.action) {
    case 'approve': {
      const effects: Effect[] = c.input.records.flatMap(({ recordId }): Effect[] => [
        { type: 'markRecordNonDisclosed', recordId },
        { type: 'markRecordArchived', recordId },
        ...(policy.nonDisclosure.markDeleted
          ? [{ type: 'markRecordDeleted', recordId, reason: policy.nonDisclosure.article } as const]
          : []),
      ]);
      for (const unitId of nonDisclosureUnits(c)) {
        const recordIds = c.input.records.filter((r) => r.providerUnitId === unitId).map((r) => r.recordId);
        effects.push({
          type: 'notify',
          recipient: 'provider',
          unitId,
          template: TEMPLATES.recordsNonDisclosed,
          payload: { unitRecordIds: recordIds },
        });
      }
      return close(c, at, req.actor, 'archived', null, effects);
    }
    case 'refuse':
      return close(c, at, req.actor, 'refused', reason, []);
    case 'withdraw':
      return close(c, at, req.actor, 'withdrawn', reason, []);
    default:
      throw new RangeError(`unknown non-disclosure action ${req.action}`);
  }
}

function close(
  c: NonDisclosureCase,
  at: string,
  actor: Actor,
  outcome: NonDisclosureOutcome,
  reason: string | null,
  effects: Effect[],
): Transition<NonDisclosureCase> {
  const next: NonDisclosureCase = {
    ...c,
    state: 'closed',
    outcome,
    closedAt: at,
    reason,
    stages: withOpenStage(c.stages, completeStage(at)),
  };
  return {
    next: logged(next, at, actor, outcome, { outcome, reason }),
    effects: [
      ...effects,
      {
        type: 'notify',
        recipient: 'applicant',
        template: TEMPLATES.nonDisclosureDecided,
        payload: { outcome, reason },
      },
    ],
  };
}

/** Why each named record may not be withheld (第二十七条: the subject's own positive records only). */
export function nonDisclosureProblems(
  subjectId: string,
  recordIds: string[],
  records: ReadonlyMap<string, { subjectId: string; category: RecordCategory }>,
): { field: string; message: string }[] {
  return recordIds.flatMap((id, i) => {
    const r = records.get(id);
    const field = `body.recordIds.${i}`;
    if (!r) return [{ field, message: `no record ${id}` }];
    if (r.subjectId !== subjectId) return [{ field, message: `record ${id} is not the subject’s` }];
    if (r.category !== 'positive') {
      return [{ field, message: `厦门办法第二十七条: record ${id} is ${r.category}, not a positive record` }];
    }
    return [];
  });
}
