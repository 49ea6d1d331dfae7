import crypto from 'node:crypto';
import type { Response } from 'express';
import { shanghaiDate } from '../../domain/calendar';
import type { CaseInput } from '../../domain/cases/machine';
import type { AnyCaseType } from '../../domain/cases/registry';
import type { CaseSummary } from '../../domain/cases/summary';
import { caseOpened } from '../../workflows/messages';
import type { AppDeps } from '../app';
import type { User } from '../auth';
import { presentCase } from '../case-presenter';

/** `obj-20260930-3f9a1c`: the type's prefix, the Shanghai acceptance date, and randomness against collisions. */
export function newCaseId(prefix: string, at: string): string {
  const date = shanghaiDate(at).replace(/-/g, '');
  return `${prefix}-${date}-${crypto.randomBytes(3).toString('hex')}`;
}

/** Starts a case and answers once it is accepted and projected (update-with-start), so a GET finds it. */
export function startCase(deps: AppDeps, type: AnyCaseType, input: CaseInput): Promise<CaseSummary> {
  return deps.engine.startWithUpdate(type.workflowType, input.caseId, [input], caseOpened);
}

/** 201 with the new case as `user` sees it, and where to find it. */
export async function answerFiled(deps: AppDeps, res: Response, summary: CaseSummary, user: User) {
  res
    .status(201)
    .location(`/api/cases/${summary.id}`)
    .json(await presentCase(deps, summary, user));
}
