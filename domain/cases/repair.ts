/**
 * 信用修复 Credit repair (厦门办法第二十三条; 南通办法第十六～十七条; 国家发展改革委令第36号 under
 * 国办发〔2025〕22号). accept (credit center) → review (the deciding provider unit, 谁认定、谁修复) → closed.
 * A pure state machine: (case, action, time, policy) → (case, effects). No I/O, no clock.
 */
import { addMonthsToDay, months, workingDays } from '../calendar';
import { formatDate, parseDate } from '../calendar/day-number';
import type { Policy, ProfileId, RepairPolicy } from '../policy';
import type { RecordCategory, RecordFlags } from '../records';
import { periodRule, type PenaltySeverity } from '../disclosure-period';
import { logged, type CaseCore, type Transition } from './machine';
import { completeStage, nextStage, openStage, withOpenStage } from './stages';
import { TEMPLATES } from './templates';
import type { ActionRequest, Actor, Effect } from './types';

export type RepairState = 'accept' | 'review' | 'closed';
export type RepairOutcome = 'repaired' | 'refused' | 'denied' | 'withdrawn';
export type RepairBasis = 'commitment' | 'corrected';

export interface RepairApplicant {
  name: string;
  idNumber: string;
  phone?: string;
}

export interface RepairInput {
  caseId: string;
  profile: ProfileId;
  recordId: string;
  /** The 认定单位 that decided the record: it reviews the repair. */
  providerUnitId: string;
  applicant: RepairApplicant;
  basis: RepairBasis;
  /** 信用承诺 (国家发展改革委令第36号): the subject's public commitment. */
  commitment: string | null;
  evidence: string[];
  acceptedAt: string;
  acceptedBy: Actor;
}

export interface RepairCase extends CaseCore {
  input: RepairInput;
  state: RepairState;
  outcome: RepairOutcome | null;
  decision: { reason: string | null; unitId: string | null } | null;
}

const STATE_ACTIONS: Record<RepairState, string[]> = {
  accept: ['accept', 'refuse', 'withdraw'],
  review: ['approve', 'deny', 'withdraw'],
  closed: [],
};

/** Filed: the credit center's acceptance clock starts (accept, design default 3 WD, RULES.md). */
export function openRepair(input: RepairInput, policy: Policy): Transition<RepairCase> {
  const c: RepairCase = {
    input,
    state: 'accept',
    outcome: null,
    openedAt: input.acceptedAt,
    closedAt: null,
    stages: [openStage('accept', input.acceptedAt, workingDays(policy.repair.acceptDays))],
    decision: null,
    timeline: [],
    logged: 0,
  };
  return {
    next: logged(c, input.acceptedAt, input.acceptedBy, 'filed', {
      basis: input.basis,
      evidence: input.evidence.length,
    }),
    effects: [],
  };
}

export const repairAllowedActions = (c: RepairCase): string[] => STATE_ACTIONS[c.state];

export function applyRepair(
  c: RepairCase,
  req: ActionRequest,
  at: string,
  policy: Policy,
): Transition<RepairCase> {
  const reason = typeof req.body.reason === 'string' ? req.body.reason : null;
  const unitId = c.input.providerUnitId;
  const recordId = c.input.recordId;
  switch (req.action) {
    case 'accept': {
      // 谁认定、谁修复: the provider unit reviews from a task in its inbox; its clock starts now.
      const next: RepairCase = {
        ...c,
        state: 'review',
        stages: nextStage(
          c.stages,
          at,
          openStage('review', at, workingDays(policy.repair.reviewDays), { unitId }),
        ),
      };
      return {
        next: logged(next, at, req.actor, 'accepted', {}),
        effects: [
          { type: 'openTask', kind: 'repair-review', unitId, stage: 'review', recordId },
          {
            type: 'notify',
            recipient: 'provider',
            unitId,
            template: TEMPLATES.repairReviewRequested,
            payload: {},
          },
        ],
      };
    }
    case 'refuse':
      return close(c, at, req.actor, 'refused', { reason, unitId: null }, []);
    case 'approve':
      return close(c, at, req.actor, 'repaired', { reason, unitId }, [
        { type: 'closeTask', stage: 'review', status: 'done' },
        { type: 'markRecordRepaired', recordId },
        { type: 'notify', recipient: 'provider', unitId, template: TEMPLATES.recordRepaired, payload: {} },
      ]);
    case 'deny':
      return close(c, at, req.actor, 'denied', { reason, unitId }, [
        { type: 'closeTask', stage: 'review', status: 'done' },
      ]);
    case 'withdraw': {
      const effects: Effect[] =
        c.state === 'review'
          ? [
              { type: 'closeTask', stage: 'review', status: 'cancelled' },
              {
                type: 'notify',
                recipient: 'provider',
                unitId,
                template: TEMPLATES.repairWithdrawn,
                payload: {},
              },
            ]
          : [];
      return close(c, at, req.actor, 'withdrawn', reason === null ? null : { reason, unitId: null }, effects);
    }
    default:
      throw new RangeError(`unknown repair action ${req.action}`);
  }
}

/** Every decision, with its reasons, goes to the applicant (RULES.md, credit repair). */
function close(
  c: RepairCase,
  at: string,
  actor: Actor,
  outcome: RepairOutcome,
  decision: RepairCase['decision'],
  effects: Effect[],
): Transition<RepairCase> {
  const next: RepairCase = {
    ...c,
    state: 'closed',
    outcome,
    closedAt: at,
    decision,
    stages: withOpenStage(c.stages, completeStage(at)),
  };
  return {
    next: logged(next, at, actor, outcome, { outcome, reason: decision?.reason ?? null }),
    effects: [
      ...effects,
      { type: 'releaseRepairClaim', recordId: c.input.recordId },
      {
        type: 'notify',
        recipient: 'applicant',
        template: TEMPLATES.repairDecided,
        payload: { outcome, reason: decision?.reason ?? null },
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------------
// Filing: which records may be repaired, and from when.

/** What filing needs to know of the record. */
export interface RepairableRecord {
  category: RecordCategory;
  decidedOn: string;
  disclosureEndsOn: string | null;
  flags: RecordFlags;
  severity: PenaltySeverity | null;
  repairForbidden: boolean;
}

export type RepairRefusal =
  | { status: 422; code: 'not-dishonesty'; message: string }
  | {
      status: 409;
      code: 'pending-notice' | 'archived' | 'expired' | 'repaired' | 'deleted' | 'forbidden-by-law';
      message: string;
    }
  | { status: 409; code: 'too-early'; message: string; eligibleOn: string };

/**
 * The first day repair may be applied for: the minimum publication period has passed. 厦门办法第二十八条:
 * any dishonesty record is published at least 3 months; 国办发〔2025〕22号 §二: a penalty's minimum is by
 * severity (轻微 none, 一般 3 months, 严重 1 year). The longer applies; a period in months ends on the
 * corresponding day (民法典第二百零二条) and repair is possible from the next day.
 */
export function repairEligibleOn(
  record: Pick<RepairableRecord, 'decidedOn' | 'severity'>,
  policy: RepairPolicy,
): string {
  const n = Math.max(
    policy.minimumMonths,
    record.severity ? periodRule('administrative-penalty', record.severity).minimumMonths : 0,
  );
  if (n === 0) return record.decidedOn;
  const period = months(n);
  return formatDate(addMonthsToDay(parseDate(record.decidedOn), period.count) + 1);
}

/** Why `record` may not be repaired on `today` (a Shanghai date), or null. Open cases are the caller's check. */
export function repairRefusal(
  record: RepairableRecord,
  policy: RepairPolicy,
  today: string,
): RepairRefusal | null {
  if (record.category !== 'dishonesty') {
    return {
      status: 422,
      code: 'not-dishonesty',
      message: '厦门办法第二十三条: only dishonesty records are repaired',
    };
  }
  if (record.flags.deleted) return { status: 409, code: 'deleted', message: 'the record was deleted' };
  if (record.flags.pendingNotice) {
    return {
      status: 409,
      code: 'pending-notice',
      message:
        '厦门办法第十三条: the record is not collected until its notice is served; nothing is published yet',
    };
  }
  if (record.flags.repaired)
    return { status: 409, code: 'repaired', message: 'the record is already repaired' };
  if (record.flags.archived) {
    return {
      status: 409,
      code: 'archived',
      message: '厦门办法第二十八条: the record is archived, no longer published',
    };
  }
  if (record.disclosureEndsOn !== null && today > record.disclosureEndsOn) {
    return { status: 409, code: 'expired', message: '厦门办法第二十八条: the disclosure period has ended' };
  }
  if (record.repairForbidden) {
    return {
      status: 409,
      code: 'forbidden-by-law',
      message: '国家发展改革委令第36号: a law or policy forbids repairing this record',
    };
  }
  const eligibleOn = repairEligibleOn(record, policy);
  if (today < eligibleOn) {
    return {
      status: 409,
      code: 'too-early',
      message: `${policy.article}: the minimum publication period has not passed`,
      eligibleOn,
    };
  }
  return null;
}
