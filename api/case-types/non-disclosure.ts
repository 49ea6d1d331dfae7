import { Router } from 'express';
import { z } from 'zod';
import { getRecord, type CreditRecord } from '../../db/records';
import { workingDays } from '../../domain/calendar';
import { nonDisclosureProblems, type NonDisclosureInput } from '../../domain/cases/non-disclosure';
import { nonDisclosureType, type NonDisclosureDetails } from '../../domain/cases/non-disclosure-type';
import type { AppDeps } from '../app';
import { currentUser, requireRole } from '../auth';
import { actorOf } from '../case-presenter';
import { validationFailed } from '../problems';
import { parseInput, subjectIdText } from '../validation';
import { answerFiled, applicantBody, applicantMaskedFor, newCaseId, startCase } from './start';
import type { ApiCaseType } from './types';

export const nonDisclosureBody = z.object({
  subjectId: subjectIdText,
  recordIds: z.array(z.string().trim().min(1).max(32)).min(1).max(100),
  applicant: applicantBody,
});

/** 守信信息不公开 filing (厦门办法第二十七条): a clerk for the subject, naming its positive records. */
function nonDisclosuresRouter(deps: AppDeps): Router {
  const { knex } = deps.db;
  const router = Router();
  router.post('/', requireRole('clerk'), async (req, res) => {
    const body = parseInput(nonDisclosureBody, req.body, 'body');
    const user = currentUser(req);
    const recordIds = [...new Set(body.recordIds)];
    const found = new Map<string, CreditRecord>();
    for (const id of recordIds) {
      const r = await getRecord(knex, id);
      if (r) found.set(id, r);
    }
    const problems = nonDisclosureProblems(body.subjectId, recordIds, found);
    if (problems.length) throw validationFailed(problems);
    const at = deps.clock.now().toISOString();
    const input: NonDisclosureInput = {
      caseId: newCaseId('ndc', at),
      profile: deps.policy.id,
      subjectId: body.subjectId,
      records: recordIds.map((id) => ({ recordId: id, providerUnitId: found.get(id)!.providerUnitId })),
      applicant: body.applicant,
      acceptedAt: at,
      acceptedBy: actorOf(user),
    };
    const summary = await startCase(deps, nonDisclosureType, input);
    await answerFiled(deps, res, summary, user);
  });
  return router;
}

export const nonDisclosureApi: ApiCaseType = {
  caseType: nonDisclosureType,
  filing: {
    path: 'non-disclosures',
    router: nonDisclosuresRouter,
    body: nonDisclosureBody,
    summary: '守信信息不公开 Ask that positive records are not disclosed (clerk)',
    description:
      'Every named record must be a positive record of the subject (422 naming each one that is not). ' +
      'Approved within the profile’s period (厦门办法第二十七条: 5 working days; 武汉办法第二十九条: 2, marked deleted).',
  },
  presentDetails: applicantMaskedFor<NonDisclosureDetails>,
  stagePeriods: (policy) => ({ review: workingDays(policy.nonDisclosure.reviewDays) }),
};
