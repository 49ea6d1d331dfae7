import type { CaseType } from './registry';
import {
  allowedActions,
  applyAction,
  bodyProblem,
  breachEffects,
  breachLifted,
  openObjection,
  unitsInvolved,
  type ObjectionCase,
  type ObjectionInput,
} from './objection';
import { OBJECTION_ACTIONS } from './objection-actions';
import { SYSTEM } from './types';

/** The objection's own facts in a case summary (API.md "Cases": shown beside the common fields). */
export interface ObjectionDetails {
  recordId: string;
  providerUnitId: string;
  verifyUnitId: string | null;
  applicant: ObjectionInput['applicant'];
  kind: string;
  reason: string;
  evidence: string[];
  suspended: boolean;
}

/** 异议 (厦门办法第二十四～二十六条) as the platform runs it. */
export const objectionType: CaseType<ObjectionInput, ObjectionCase, ObjectionDetails> = {
  type: 'objection',
  workflowType: 'objectionWorkflow',
  label: { zh: '异议', en: 'Objection' },
  states: {
    compare: { zh: '比对', en: 'Compare' },
    verify: { zh: '核查', en: 'Verify' },
    process: { zh: '处理', en: 'Process' },
    closed: { zh: '已办结', en: 'Closed' },
  },
  stages: {
    compare: { zh: '比对', en: 'Compare' },
    verify: { zh: '核查', en: 'Verify' },
    process: { zh: '处理', en: 'Process' },
  },
  outcomes: {
    corrected: { zh: '已更正', en: 'Corrected' },
    deleted: { zh: '已删除', en: 'Deleted' },
    supplemented: { zh: '已补充', en: 'Supplemented' },
    kept: { zh: '维持原信息', en: 'Kept' },
    rejected: { zh: '不予受理', en: 'Rejected' },
    withdrawn: { zh: '已撤回', en: 'Withdrawn' },
  },
  actions: OBJECTION_ACTIONS,
  machine: {
    open: openObjection,
    refuseAtAcceptance: (c, reason, at, policy) =>
      applyAction(c, { action: 'reject', actor: SYSTEM, body: { reason } }, at, policy),
    allowedActions: (c, policy) => allowedActions(c, policy),
    bodyProblem,
    apply: applyAction,
    breachEffects,
    breachLifted,
    details: (c) => ({
      recordId: c.input.recordId,
      providerUnitId: c.input.providerUnitId,
      verifyUnitId: c.verifyUnitId,
      applicant: c.input.applicant,
      kind: c.input.kind,
      reason: c.input.reason,
      evidence: c.input.evidence,
      suspended: c.suspended,
    }),
    recordIds: (c) => [c.input.recordId],
    units: unitsInvolved,
    applicantId: (c) => c.input.applicant.idNumber,
  },
};
