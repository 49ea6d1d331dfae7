import { z } from 'zod';
import {
  applyNonDisclosure,
  nonDisclosureAllowedActions,
  nonDisclosureUnits,
  openNonDisclosure,
  type NonDisclosureCase,
  type NonDisclosureInput,
} from './non-disclosure';
import { clerkWithdraw, reasonText, type ActionSpec, type CaseType } from './registry';
import { SYSTEM } from './types';

export const NON_DISCLOSURE_ACTIONS: Record<string, ActionSpec> = {
  approve: {
    by: 'clerk',
    body: z.object({}),
    label: { zh: '同意不公开', en: 'Approve non-disclosure' },
    doc: 'Clerk, stage review: the records are no longer provided and are archived.',
  },
  refuse: {
    by: 'clerk',
    body: z.object({ reason: reasonText }),
    label: { zh: '不予受理', en: 'Refuse' },
    doc: 'Clerk, stage review: refuse, with the reason.',
  },
  withdraw: clerkWithdraw,
};

export interface NonDisclosureDetails {
  subjectId: string;
  recordIds: string[];
  providerUnitIds: string[];
  applicant: NonDisclosureInput['applicant'];
  reason: string | null;
}

/** 守信信息不公开 (厦门办法第二十七条; 武汉办法第二十九条) as the platform runs it. */
export const nonDisclosureType: CaseType<NonDisclosureInput, NonDisclosureCase, NonDisclosureDetails> = {
  type: 'non-disclosure',
  workflowType: 'nonDisclosureWorkflow',
  label: { zh: '守信信息不公开', en: 'Non-disclosure of positive records' },
  states: {
    review: { zh: '审核', en: 'Review' },
    closed: { zh: '已办结', en: 'Closed' },
  },
  stages: { review: { zh: '审核', en: 'Review' } },
  outcomes: {
    archived: { zh: '已归档', en: 'Archived' },
    refused: { zh: '不予受理', en: 'Refused' },
    withdrawn: { zh: '已撤回', en: 'Withdrawn' },
  },
  actions: NON_DISCLOSURE_ACTIONS,
  machine: {
    open: openNonDisclosure,
    refuseAtAcceptance: (c, reason, at, policy) =>
      applyNonDisclosure(c, { action: 'refuse', actor: SYSTEM, body: { reason } }, at, policy),
    allowedActions: nonDisclosureAllowedActions,
    apply: applyNonDisclosure,
    details: (c) => ({
      subjectId: c.input.subjectId,
      recordIds: c.input.records.map((r) => r.recordId),
      providerUnitIds: nonDisclosureUnits(c),
      applicant: c.input.applicant,
      reason: c.reason,
    }),
    recordIds: (c) => c.input.records.map((r) => r.recordId),
    units: nonDisclosureUnits,
    applicantId: (c) => c.input.applicant.idNumber,
  },
};
