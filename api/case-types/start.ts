/** What every filing route shares: the applicant's body, case ids, starting a case and answering the filing. */
import crypto from 'node:crypto';
import type { Response } from 'express';
import { z } from 'zod';
import { shanghaiDate } from '../../domain/calendar';
import type { CaseInput } from '../../domain/cases/machine';
import type { AnyCaseType } from '../../domain/cases/registry';
import type { CaseSummary } from '../../domain/cases/summary';
import { WorkflowNotFoundError } from '../../engine/errors';
import { caseOpened } from '../../workflows/messages';
import type { AppDeps } from '../app';
import type { User } from '../auth';
import { presentCase } from '../case-presenter';
import { subjectIdText } from '../validation';
import { maskIdNumber } from '../mask';

export const applicantBody = z.object({
  name: z.string().trim().min(1).max(100),
  idNumber: subjectIdText.describe(
    '统一社会信用代码 (GB 32100, 18) or 居民身份证号 (GB 11643, 18) with a valid check digit',
  ),
  phone: z
    .string()
    .regex(/^[0-9+\-\s]{5,20}$/, 'phone must be digits')
    .optional(),
});

/**
 * A case's details as `user` sees them: provider units verify the record, not the applicant, so they get no
 * full identity number or phone.
 */
export function applicantMaskedFor<D extends { applicant: { name: string; idNumber: string } }>(
  details: unknown,
  user: User,
): Record<string, unknown> {
  const d = details as D;
  return user.role === 'provider'
    ? { ...d, applicant: { name: d.applicant.name, idNumber: maskIdNumber(d.applicant.idNumber) } }
    : { ...d };
}

/** `obj-20260930-3f9a1c`: the type's prefix, the Shanghai filing date, and randomness against collisions. */
export function newCaseId(prefix: string, at: string): string {
  const date = shanghaiDate(at).replace(/-/g, '');
  return `${prefix}-${date}-${crypto.randomBytes(3).toString('hex')}`;
}

/** Starts a case and answers once it is accepted and projected (update-with-start), so a GET finds it. */
export function startCase(
  deps: Pick<AppDeps, 'engine'>,
  type: AnyCaseType,
  input: CaseInput,
): Promise<CaseSummary> {
  return deps.engine.startWithUpdate(type.workflowType, input.caseId, [input], caseOpened);
}

/** 201 with the new case as `user` sees it, and where to find it. */
export async function answerFiled(deps: AppDeps, res: Response, summary: CaseSummary, user: User) {
  res
    .status(201)
    .location(`/api/cases/${summary.id}`)
    .json(await presentCase(deps, summary, user));
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
