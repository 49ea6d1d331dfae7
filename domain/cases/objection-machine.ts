import type { CaseMachine } from './machine';
import {
  applyAction,
  breachEffects,
  breachLifted,
  log,
  openObjection,
  refusal,
  type ObjectionCase,
  type ObjectionInput,
} from './objection';
import { SYSTEM } from './types';
import { caseView, type CaseView } from './view';

/** The objection rules as the generic case loop runs them. */
export const objectionMachine: CaseMachine<ObjectionInput, ObjectionCase, CaseView> = {
  type: 'objection',
  open: openObjection,
  refuseAtAcceptance: (c, reason, at, policy) =>
    applyAction(c, { action: 'reject', actor: SYSTEM, body: { reason } }, at, policy),
  refusal,
  apply: applyAction,
  breachEffects,
  breachLifted,
  log,
  view: caseView,
  // Only verification is the provider unit's step; comparing and processing are the credit center's.
  owner: (_c, stage) => (stage === 'verify' ? 'provider' : 'center'),
  responsibleUnit: (c, stage) => (stage === 'verify' ? (c.verifyUnitId ?? c.input.providerUnitId) : null),
  recipientId: (c, recipient) =>
    recipient === 'provider'
      ? (c.verifyUnitId ?? c.input.providerUnitId)
      : recipient === 'applicant'
        ? c.input.applicant.idNumber
        : null,
};
