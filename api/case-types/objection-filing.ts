import { Router } from 'express';
import { z } from 'zod';
import {
  annotateObjection,
  clearObjection,
  collectionSubject,
  getRecord,
  RecordConflictError,
  type CaseFlagInput,
} from '../../db/records';
import type { ObjectionInput } from '../../domain/cases/objection';
import type { CaseSummary } from '../../domain/cases/summary';
import { objectionType } from '../../domain/cases/objection-type';
import { currentUser, requireRole } from '../auth';
import type { AppDeps } from '../app';
import { actorOf } from '../case-presenter';
import { Problem, validationFailed } from '../problems';
import { parseInput } from '../validation';
import { answerFiled, applicantBody, claimHoldsNoCase, newCaseId, startCase } from './start';

export const objectionBody = z.object({
  recordId: z.string().trim().min(1).max(32),
  applicant: applicantBody,
  kind: z.enum(['wrong', 'incomplete', 'infringement']),
  reason: z.string().trim().min(1, 'reason is required').max(5000),
  evidence: z.array(z.string().trim().min(1).max(500)).max(50).default([]),
});

export function objectionsRouter(deps: AppDeps): Router {
  const { knex } = deps.db;
  const router = Router();

  /** 受理 an objection (厦门办法第二十四条): the case starts and the record is annotated at once. */
  router.post('/', requireRole('clerk'), async (req, res) => {
    const body = parseInput(objectionBody, req.body, 'body');
    const user = currentUser(req);
    const record = await getRecord(knex, body.recordId);
    if (!record) throw validationFailed([{ field: 'body.recordId', message: `no record ${body.recordId}` }]);
    if (!record.visibility.visible && !record.flags.objectionCaseId) {
      throw new Problem('conflict', {
        detail: `record ${record.id} is not provided in queries, so there is nothing to object to`,
        reasons: record.visibility.reasons,
      });
    }
    const at = deps.clock.now().toISOString();
    const input: ObjectionInput = {
      caseId: newCaseId('obj', at),
      profile: deps.policy.id,
      recordId: record.id,
      providerUnitId: record.providerUnitId,
      applicant: body.applicant,
      kind: body.kind,
      reason: body.reason,
      evidence: body.evidence,
      acceptedAt: at,
      acceptedBy: actorOf(user),
      subject: (await collectionSubject(knex, record.id)) ?? undefined,
    };
    // The record is claimed before the case starts, so of two clerks filing at once exactly one wins.
    const claim = { recordId: record.id, caseId: input.caseId, at, actor: actorOf(user) };
    await claimRecord(deps, claim);
    let summary: CaseSummary;
    try {
      summary = await startCase(deps, objectionType, input);
    } catch (err) {
      await clearObjection(knex, { ...claim, at: deps.clock.now().toISOString() });
      throw err;
    }
    await answerFiled(deps, res, summary, user);
  });

  return router;
}

/**
 * Puts the 异议标注 on the record for the new case, or answers 409 naming the case that holds it. A claim
 * left by a start that never happened (the process stopped between the claim and the start) holds no case
 * and is released here rather than blocking the record for good.
 */
async function claimRecord(deps: AppDeps, claim: CaseFlagInput) {
  const { knex } = deps.db;
  const { recordId, at } = claim;
  for (let attempt = 0; ; attempt++) {
    try {
      await annotateObjection(knex, claim);
      return;
    } catch (err) {
      if (!(err instanceof RecordConflictError) || err.code !== 'objection-held-by-other-case') throw err;
      const holder = err.holderCaseId!;
      if (attempt === 0 && (await claimHoldsNoCase(deps, holder, recordId, at))) {
        await clearObjection(knex, { ...claim, caseId: holder });
        continue;
      }
      throw new Problem('conflict', {
        detail: `record ${recordId} already has an open objection`,
        caseId: holder,
      });
    }
  }
}
