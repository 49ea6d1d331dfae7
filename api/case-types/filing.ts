/** What the repair and non-disclosure filing routes share: the applicant's body, case ids and starting a case. */
import crypto from 'node:crypto';
import { z } from 'zod';
import { shanghaiDate } from '../../domain/calendar';
import type { AnyCaseType } from '../../domain/cases/registry';
import type { CaseSummary } from '../../domain/cases/summary';
import type { CaseInput } from '../../domain/cases/machine';
import { parseSubjectId } from '../../domain/subject-id';
import { WorkflowNotFoundError } from '../../engine/errors';
import { caseOpened } from '../../workflows/messages';
import type { AppDeps } from '../app';

export const applicantBody = z.object({
  name: z.string().trim().min(1).max(100),
  idNumber: z
    .string()
    .trim()
    .refine((s) => parseSubjectId(s).ok, '统一社会信用代码 or 身份证号 with a valid check digit is required'),
  phone: z
    .string()
    .regex(/^[0-9+\-\s]{5,20}$/, 'phone must be digits')
    .optional(),
});

/** `rep-20261001-3f9a1c`: the type's prefix, the Shanghai filing date and randomness against collisions. */
export function newCaseId(prefix: string, at: string): string {
  return `${prefix}-${shanghaiDate(at).replace(/-/g, '')}-${crypto.randomBytes(3).toString('hex')}`;
}

/** Starts the case's workflow and answers its first summary (projected before the answer). */
export function startCase(deps: AppDeps, type: AnyCaseType, input: CaseInput): Promise<CaseSummary> {
  return deps.engine.startWithUpdate(type.workflowType, input.caseId, [input], caseOpened);
}

/** How long a start may take after its claim; a younger claim is a case being opened right now. */
const CLAIM_START_GRACE_MS = 5 * 60_000;

/**
 * Whether a claim on the record names a case that never started (the process stopped between the claim and
 * the start): no projection, no workflow, and older than the start grace.
 */
export async function claimHoldsNoCase(deps: AppDeps, caseId: string, recordId: string, at: string) {
  const { knex } = deps.db;
  const record = await knex('records').where({ id: recordId }).first('updated_at');
  if (!record || Date.parse(at) - Date.parse(record.updated_at) < CLAIM_START_GRACE_MS) return false;
  if (await knex('cases').where({ id: caseId }).first('id')) return false;
  try {
    await deps.engine.describe(caseId);
    return false;
  } catch (err) {
    return err instanceof WorkflowNotFoundError;
  }
}
