/**
 * 重点关注名单公示期提醒 (厦门办法第二十八条): a subject was put on key-attention lists of three or more
 * sectors within twelve months (domain/key-attention.ts). For each listing concerned, a case: the subject
 * is told, the listing's provider unit is reminded to extend the period to two years and decides — `extend`
 * (the record's end date moves to two years from its decision, and its expiry timer with it) or `decline`
 * with a reason — within the profile's working days, on the same escalation ladder as every case.
 */
import { z } from 'zod';
import { workingDays } from '../calendar';
import { logged, type CaseCore, type CaseInput, type Transition } from './machine';
import { reasonText, type CaseType } from './registry';
import { completeStage, openStage, withOpenStage } from './stages';
import { TEMPLATES } from './templates';
import { SYSTEM, type Actor, type Effect } from './types';

export interface KeyAttentionInput extends CaseInput {
  /** The listing the provider unit is reminded about. */
  recordId: string;
  providerUnitId: string;
  subjectId: string;
  /** Every listing of the window that called for the reminder (record ids), for the file. */
  listings: string[];
  /** The sectors (provider units) of those listings. */
  sectors: string[];
  openedAt: string;
}

export type KeyAttentionOutcome = 'extended' | 'declined' | 'withdrawn';

export interface KeyAttentionCase extends CaseCore {
  input: KeyAttentionInput;
  state: 'decide' | 'closed';
  outcome: KeyAttentionOutcome | null;
  /** Why the provider unit declined (or the clerk withdrew). */
  reason: string | null;
}

export interface KeyAttentionDetails {
  recordId: string;
  providerUnitId: string;
  subjectId: string;
  listings: string[];
  sectors: string[];
  reason: string | null;
}

const reason = reasonText;

export const KEY_ATTENTION_ACTIONS: CaseType['actions'] = {
  extend: {
    by: 'unit',
    body: z.object({}),
    label: { zh: '调整公示期为二年', en: 'Extend to two years' },
    doc: 'The listing’s provider unit, stage decide: the record is disclosed two years from its decision.',
  },
  decline: {
    by: 'unit',
    body: z.object({ reason }),
    label: { zh: '不予调整', en: 'Decline' },
    doc: 'The listing’s provider unit, stage decide: keep the period, with the reason.',
  },
  withdraw: {
    by: 'clerk',
    body: z.object({ reason: reason.optional() }),
    label: { zh: '撤回提醒', en: 'Withdraw' },
    doc: 'Clerk, any open stage: the reminder was sent in error.',
  },
};

function close(
  c: KeyAttentionCase,
  at: string,
  actor: Actor,
  outcome: KeyAttentionOutcome,
  why: string | null,
  effects: Effect[],
): Transition<KeyAttentionCase> {
  const next: KeyAttentionCase = {
    ...c,
    state: 'closed',
    outcome,
    reason: why,
    closedAt: at,
    stages: withOpenStage(c.stages, completeStage(at)),
  };
  return {
    next: logged(next, at, actor, outcome, { outcome, ...(why ? { reason: why } : {}) }),
    effects: [
      { type: 'closeTask', stage: 'decide', status: outcome === 'withdrawn' ? 'cancelled' : 'done' },
      ...effects,
    ],
  };
}

export const keyAttentionType: CaseType<KeyAttentionInput, KeyAttentionCase, KeyAttentionDetails> = {
  type: 'key-attention',
  workflowType: 'keyAttentionWorkflow',
  label: { zh: '重点关注名单公示期调整提醒', en: 'Key-attention period reminder' },
  states: {
    decide: { zh: '待决定', en: 'Decide' },
    closed: { zh: '已办结', en: 'Closed' },
  },
  stages: { decide: { zh: '信息提供单位决定', en: 'Provider decides' } },
  outcomes: {
    extended: { zh: '已调整为二年', en: 'Extended' },
    declined: { zh: '不予调整', en: 'Declined' },
    withdrawn: { zh: '已撤回', en: 'Withdrawn' },
  },
  actions: KEY_ATTENTION_ACTIONS,
  machine: {
    open(input, policy) {
      const unitId = input.providerUnitId;
      const c: KeyAttentionCase = {
        input,
        state: 'decide',
        outcome: null,
        reason: null,
        openedAt: input.openedAt,
        closedAt: null,
        stages: [
          openStage('decide', input.openedAt, workingDays(policy.keyAttention.decideDays), { unitId }),
        ],
        timeline: [],
        logged: 0,
      };
      const payload = {
        listings: input.listings,
        sectors: input.sectors,
        article: policy.keyAttention.article,
      };
      return {
        next: logged(c, input.openedAt, SYSTEM, 'accepted', { recordId: input.recordId, ...payload }),
        effects: [
          { type: 'openTask', kind: 'key-attention', unitId, stage: 'decide', recordId: input.recordId },
          // 第二十八条: 告知信用主体 — about this listing; 提醒信息提供单位 — its task above and this notice.
          { type: 'notify', recipient: 'applicant', template: TEMPLATES.keyAttentionSubject, payload },
          {
            type: 'notify',
            recipient: 'provider',
            unitId,
            template: TEMPLATES.keyAttentionReminder,
            payload,
          },
        ],
      };
    },
    refuseAtAcceptance: (c, why, at) => close(c, at, SYSTEM, 'withdrawn', why, []),
    allowedActions: (c) => (c.state === 'decide' ? ['extend', 'decline', 'withdraw'] : []),
    apply(c, req, at) {
      switch (req.action) {
        case 'extend':
          return close(c, at, req.actor, 'extended', null, [
            { type: 'extendDisclosure', recordId: c.input.recordId },
          ]);
        case 'decline':
          return close(c, at, req.actor, 'declined', req.body.reason as string, []);
        default:
          return close(c, at, req.actor, 'withdrawn', (req.body.reason as string | undefined) ?? null, []);
      }
    },
    details: (c) => ({
      recordId: c.input.recordId,
      providerUnitId: c.input.providerUnitId,
      subjectId: c.input.subjectId,
      listings: c.input.listings,
      sectors: c.input.sectors,
      reason: c.reason,
    }),
    recordIds: (c) => [c.input.recordId],
    units: (c) => [c.input.providerUnitId],
    applicantId: (c) => c.input.subjectId,
  },
};
