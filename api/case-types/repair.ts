import { Router } from 'express';
import { z } from 'zod';
import {
  claimForRepair,
  getRecord,
  RecordConflictError,
  releaseRepair,
  type CaseFlagInput,
} from '../../db/records';
import { shanghaiDate, workingDays } from '../../domain/calendar';
import { repairRefusal, type RepairInput } from '../../domain/cases/repair';
import { repairType, type RepairDetails } from '../../domain/cases/repair-type';
import type { AppDeps } from '../app';
import { currentUser, requireRole } from '../auth';
import { actorOf } from '../case-presenter';
import { Problem, validationFailed } from '../problems';
import { parseInput } from '../validation';
import {
  answerFiled,
  applicantBody,
  applicantMaskedFor,
  claimHoldsNoCase,
  newCaseId,
  startCase,
} from './start';
import type { ApiCaseType } from './types';

export const repairBody = z
  .object({
    recordId: z.string().trim().min(1).max(32),
    applicant: applicantBody,
    basis: z.enum(['commitment', 'corrected']),
    commitment: z.string().trim().min(1).max(5000).optional(),
    evidence: z
      .array(z.string().trim().min(1).max(500))
      .min(1, 'evidence of the correction is required')
      .max(50),
  })
  .refine((b) => b.basis !== 'commitment' || b.commitment !== undefined, {
    message: 'a 信用承诺 is required when the basis is the commitment',
    path: ['commitment'],
  });

/** 信用修复 filing: a clerk, or the provider unit that reported the record (厦门办法第二十三条). */
function repairsRouter(deps: AppDeps): Router {
  const { knex } = deps.db;
  const router = Router();
  router.post('/', requireRole('clerk', 'provider'), async (req, res) => {
    const body = parseInput(repairBody, req.body, 'body');
    const user = currentUser(req);
    const record = await getRecord(knex, body.recordId);
    // Another unit's record is not found, as GET /api/records/:id answers it.
    if (!record || (user.role === 'provider' && record.providerUnitId !== user.unitId)) {
      throw validationFailed([{ field: 'body.recordId', message: `no record ${body.recordId}` }]);
    }
    const at = deps.clock.now().toISOString();
    const refusal = repairRefusal(record, deps.policy.repair, shanghaiDate(at));
    if (refusal?.status === 422) {
      throw validationFailed([{ field: 'body.recordId', message: refusal.message }]);
    }
    if (refusal) {
      throw new Problem('conflict', {
        detail: refusal.message,
        reason: refusal.code,
        ...(refusal.code === 'too-early' ? { eligibleOn: refusal.eligibleOn } : {}),
      });
    }
    const input: RepairInput = {
      caseId: newCaseId('rep', at),
      profile: deps.policy.id,
      recordId: record.id,
      providerUnitId: record.providerUnitId,
      applicant: body.applicant,
      basis: body.basis,
      commitment: body.commitment ?? null,
      evidence: body.evidence,
      acceptedAt: at,
      acceptedBy: actorOf(user),
    };
    // The record is claimed before the case starts, so of two filings at once exactly one wins.
    const claim = { recordId: record.id, caseId: input.caseId, at, actor: actorOf(user) };
    await claimRecord(deps, claim);
    let summary;
    try {
      summary = await startCase(deps, repairType, input);
    } catch (err) {
      await releaseRepair(knex, { ...claim, at: deps.clock.now().toISOString() });
      throw err;
    }
    await answerFiled(deps, res, summary, user);
  });
  return router;
}

/**
 * Holds the record for the new repair case, or answers 409 naming the open one. A claim left by a start that
 * never happened holds no case and is released rather than blocking the record for good.
 */
async function claimRecord(deps: AppDeps, claim: CaseFlagInput) {
  for (let attempt = 0; ; attempt++) {
    try {
      await claimForRepair(deps.db.knex, claim);
      return;
    } catch (err) {
      if (!(err instanceof RecordConflictError) || err.code !== 'repair-held-by-other-case') throw err;
      const holder = err.holderCaseId!;
      if (attempt === 0 && (await claimHoldsNoCase(deps, holder, claim.recordId, claim.at))) {
        await releaseRepair(deps.db.knex, { ...claim, caseId: holder });
        continue;
      }
      throw new Problem('conflict', {
        detail: `record ${claim.recordId} already has an open repair case`,
        reason: 'open-repair',
        caseId: holder,
      });
    }
  }
}

export const repairApi: ApiCaseType = {
  caseType: repairType,
  filing: {
    path: 'repairs',
    router: repairsRouter,
    body: repairBody,
    summary: '申请信用修复 File a credit repair (clerk, or the record’s provider unit)',
    description:
      'A dishonesty record inside its disclosure period, past its minimum publication period ' +
      '(厦门办法第二十八条; 国办发〔2025〕22号): 422 when not a dishonesty record; 409 when pending its notice, archived, expired, ' +
      'repaired, deleted, forbidden by law, already under repair, or too early (with `eligibleOn`).',
  },
  presentDetails: applicantMaskedFor<RepairDetails>,
  stagePeriods: (policy) => ({
    accept: workingDays(policy.repair.acceptDays),
    review: workingDays(policy.repair.reviewDays),
  }),
};
