import { workingDays } from '../../domain/calendar';
import { resolveCorrection } from '../../domain/cases/correction';
import { objectionType, type ObjectionDetails } from '../../domain/cases/objection-type';
import { getRecord } from '../../db/records';
import { Problem, validationFailed } from '../problems';
import { objectionBody, objectionsRouter } from './objection-filing';
import { applicantMaskedFor } from './start';
import type { ApiCaseType } from './types';

/** 异议 over HTTP: filed at POST /api/objections; corrections resolved against the record's content. */
export const objectionApi: ApiCaseType = {
  caseType: objectionType,
  filing: {
    path: 'objections',
    router: objectionsRouter,
    body: objectionBody,
    summary: '受理异议 Accept an objection (clerk)',
    description: 'Starts the case (2+6+2 working days) and annotates the record at once.',
  },
  async prepareAction(deps, summary, action, body) {
    if (action === 'forward' && typeof body.unitId === 'string') {
      if (!(await deps.db.knex('units').where({ id: body.unitId }).first())) {
        throw validationFailed([{ field: 'body.unitId', message: `no provider unit ${body.unitId}` }]);
      }
    }
    return withCorrectionResolved(deps.db.knex, (summary.details as ObjectionDetails).recordId, action, body);
  },
  presentDetails: applicantMaskedFor<ObjectionDetails>,
  stagePeriods: (policy) => ({
    compare: workingDays(policy.objection.compareDays),
    verify: workingDays(policy.objection.verifyDays),
    process: workingDays(policy.objection.processDays),
  }),
};

/**
 * A correction's content as the record's whole next version: merged into, or with named removals from,
 * the current content, so that the engine (which replaces the content) never drops a field unasked.
 */
async function withCorrectionResolved(
  knex: Parameters<typeof getRecord>[0],
  recordId: string,
  action: string,
  body: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const { removeFields, merge, ...rest } = body as Record<string, unknown> & {
    removeFields?: string[];
    merge?: boolean;
  };
  const replaces = action === 'correct' || (action === 'uphold' && body.correction === 'correct');
  if (!replaces) return rest;
  const record = await getRecord(knex, recordId);
  const outcome = resolveCorrection((record?.content ?? {}) as Record<string, unknown>, {
    content: rest.content as Record<string, unknown>,
    removeFields,
    merge,
  });
  if (!outcome.ok) {
    throw new Problem('validation-failed', {
      detail: outcome.message,
      errors: [{ field: `body.${outcome.field}`, message: outcome.message }],
      removedFields: outcome.removedFields,
    });
  }
  return { ...rest, content: outcome.content };
}
