import crypto from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import { collectionSubject, getRecord } from '../../db/records';
import { shanghaiDate } from '../../domain/calendar';
import { QueryFailedError, type CaseEngine } from '../../engine';
import type { ObjectionInput } from '../../domain/cases/objection';
import { parseSubjectId } from '../../domain/subject-id';
import { caseState, OBJECTION_WORKFLOW } from '../../workflows/messages';
import { currentUser, requireRole } from '../auth';
import type { AppDeps } from '../app';
import { actorOf, presentCase } from '../case-presenter';
import { Problem, validationFailed } from '../problems';
import { parseInput } from '../validation';

const applicant = z.object({
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

export const objectionBody = z.object({
  recordId: z.string().trim().min(1).max(32),
  applicant,
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
    if (record.flags.objectionCaseId) {
      throw new Problem('conflict', {
        detail: `record ${record.id} already has an open objection`,
        caseId: record.flags.objectionCaseId,
      });
    }
    if (!record.visibility.visible) {
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
    await deps.engine.start(OBJECTION_WORKFLOW, input.caseId, [input]);
    const view = await firstView(deps.engine, input.caseId);
    res
      .status(201)
      .location(`/api/cases/${input.caseId}`)
      .json(await presentCase(knex, view, user));
  });

  return router;
}

const FIRST_VIEW_TRIES = 100;
const FIRST_VIEW_PAUSE_MS = 20;

/**
 * The new case's first view. Its workflow registers the query handler only once it has loaded the
 * calendar (an activity), and a server answers a query right after the start as soon as the first
 * workflow task is done, maybe before that: "did not register a handler". Ask again shortly.
 */
async function firstView(engine: CaseEngine, caseId: string) {
  for (let tries = 1; ; tries++) {
    try {
      return await engine.query(caseId, caseState);
    } catch (err) {
      const notYet = err instanceof QueryFailedError && /did not register a handler/.test(err.message);
      if (!notYet || tries >= FIRST_VIEW_TRIES) throw err;
      await new Promise((resolve) => setTimeout(resolve, FIRST_VIEW_PAUSE_MS));
    }
  }
}

/** `obj-20260930-3f9a1c`: the type, the Shanghai acceptance date, and randomness against collisions. */
function newCaseId(prefix: string, at: string): string {
  const date = shanghaiDate(at).replace(/-/g, '');
  return `${prefix}-${date}-${crypto.randomBytes(3).toString('hex')}`;
}
