import { z } from 'zod';
import { action, clerkWithdraw, reasonText, type ActionSpec, type CaseType } from './registry';
import { applyRepair, openRepair, repairAllowedActions, type RepairCase, type RepairInput } from './repair';
import { SYSTEM } from './types';

const reason = reasonText;

/** The repair's actions (API.md, "Case types added in the next wave"). */
export const REPAIR_ACTIONS: Record<string, ActionSpec> = {
  accept: action(
    'clerk',
    z.object({}),
    '受理修复',
    'Accept the repair',
    'Clerk, stage accept: send it to the provider unit to review.',
  ),
  refuse: action(
    'clerk',
    z.object({ reason }),
    '不予受理',
    'Refuse',
    'Clerk, stage accept: refuse the application, with the reason.',
  ),
  approve: action(
    'unit',
    z.object({ reason }),
    '同意修复',
    'Approve the repair',
    'The record’s provider unit, stage review: the record is repaired.',
  ),
  deny: action(
    'unit',
    z.object({ reason }),
    '不予修复',
    'Deny the repair',
    'The record’s provider unit, stage review: the record stays, with the reason.',
  ),
  withdraw: clerkWithdraw,
};

/** The repair's own facts in a case summary. */
export interface RepairDetails {
  recordId: string;
  providerUnitId: string;
  applicant: RepairInput['applicant'];
  basis: RepairInput['basis'];
  commitment: string | null;
  evidence: string[];
  decision: RepairCase['decision'];
}

/** 信用修复 (厦门办法第二十三条; 南通办法第十六～十七条) as the platform runs it. */
export const repairType: CaseType<RepairInput, RepairCase, RepairDetails> = {
  type: 'repair',
  workflowType: 'repairWorkflow',
  label: { zh: '信用修复', en: 'Credit repair' },
  states: {
    accept: { zh: '受理', en: 'Accept' },
    review: { zh: '审核', en: 'Review' },
    closed: { zh: '已办结', en: 'Closed' },
  },
  stages: {
    accept: { zh: '受理', en: 'Accept' },
    review: { zh: '审核', en: 'Review' },
  },
  outcomes: {
    repaired: { zh: '已修复', en: 'Repaired' },
    refused: { zh: '不予受理', en: 'Refused' },
    denied: { zh: '不予修复', en: 'Denied' },
    withdrawn: { zh: '已撤回', en: 'Withdrawn' },
  },
  actions: REPAIR_ACTIONS,
  machine: {
    open: openRepair,
    refuseAtAcceptance: (c, reason, at, policy) =>
      applyRepair(c, { action: 'refuse', actor: SYSTEM, body: { reason } }, at, policy),
    allowedActions: repairAllowedActions,
    apply: applyRepair,
    // A missed deadline is recorded and escalated by the platform; it changes nothing in the record.
    details: (c) => ({
      recordId: c.input.recordId,
      providerUnitId: c.input.providerUnitId,
      applicant: c.input.applicant,
      basis: c.input.basis,
      commitment: c.input.commitment,
      evidence: c.input.evidence,
      decision: c.decision,
    }),
    recordIds: (c) => [c.input.recordId],
    units: (c) => [c.input.providerUnitId],
    applicantId: (c) => c.input.applicant.idNumber,
  },
};
