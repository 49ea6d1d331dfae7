import express, { Router, type Request } from 'express';
import { z } from 'zod';
import {
  collectRecords,
  type CollectionRow,
  type CollectResult,
  type RowOutcome,
} from '../../db/record-collection';
import { getRecord } from '../../db/records';
import { shanghaiDate } from '../../domain/calendar';
import { checkSubmission, type CollectionContext, type FieldProblem } from '../../domain/collection';
import { currentUser, requireRole, type User } from '../auth';
import type { AppDeps } from '../app';
import { refuseDeepBodies } from '../body-depth';
import { forbidden, Problem, validationFailed } from '../problems';
import { parseInput } from '../validation';
import {
  noControl,
  plainSubmission,
  SUBJECT_KINDS,
  SUBMISSION_LIMITS,
  SUBMITTED_CATEGORIES,
  SUBMITTED_DISCLOSURES,
  SUBMITTED_SEVERITIES,
} from './plain-submission';

/**
 * Record collection by provider units (厦门办法第十一条; API.md "Record collection"): `POST /api/records`
 * for one record, `POST /api/records/batch` for up to 10,000. Only a provider, and only for its own unit
 * (第十一条: the unit that produced a record provides it and answers for it); every other role is refused
 * (403): the credit center does not author records. Each row is checked by domain/collection, stored by
 * db/record-collection in one transaction with its version 1 and audit entry, and handed over for a
 * pre-collection notice case (第十三条) and its expiry timer (第二十八条) after commit.
 */

export const MAX_BATCH_ROWS = 10_000;
/** Enough for 10,000 rows of about 2 KB each; the other routes keep the app's 256 KB. */
export const BATCH_BODY_LIMIT = '24mb';
const BATCH_PATH = '/api/records/batch';

/** The batch route reads its body itself, after authentication, with its own larger limit. */
export function readsOwnBody(req: Request): boolean {
  return req.method === 'POST' && req.path.replace(/\/+$/, '').toLowerCase() === BATCH_PATH;
}

const L = SUBMISSION_LIMITS;

export const recordSubmissionBody = z
  .object({
    sourceRecordNo: z
      .string()
      .trim()
      .min(1)
      .max(L.sourceRecordNo)
      .refine(noControl, 'no control characters')
      .describe('the provider unit’s own record number; re-submitting it is idempotent'),
    providerUnitId: z
      .string()
      .trim()
      .min(1)
      .max(L.providerUnitId)
      .optional()
      .describe('the caller’s own unit (the default); any other unit is refused with 403'),
    subjectId: z
      .string()
      .trim()
      .min(1)
      .max(L.subjectId)
      .describe('统一社会信用代码 (GB 32100) or 身份证号 (GB 11643), with a valid check digit'),
    subjectKind: z
      .enum(SUBJECT_KINDS)
      .optional()
      .describe('needed only when an all-digit identifier is valid as both kinds'),
    subjectName: z.string().trim().min(1).max(L.subjectName).refine(noControl, 'no control characters'),
    category: z.enum(SUBMITTED_CATEGORIES),
    listType: z
      .string()
      .trim()
      .min(1)
      .max(L.listType)
      .describe(
        'dishonesty: serious-dishonesty | key-attention | other-dishonesty | administrative-penalty; ' +
          'positive: commendation | volunteering | donation; neutral: registration | licensing | other-neutral',
      ),
    severity: z
      .enum(SUBMITTED_SEVERITIES)
      .optional()
      .describe(
        'required for administrative-penalty (国办发〔2025〕22号: 轻微/一般/严重), refused otherwise',
      ),
    content: z
      .record(z.string(), z.unknown())
      .refine((c) => JSON.stringify(c).length <= L.contentChars, `at most ${L.contentChars} characters`)
      .describe('the record’s content; 厦门办法第十五条 data is refused (income etc. only with consentRef)'),
    decidedOn: z.string().trim().max(L.decidedOn).describe('YYYY-MM-DD, not after today (Asia/Shanghai)'),
    disclosure: z.enum(SUBMITTED_DISCLOSURES),
    disclosureEndsOn: z
      .string()
      .trim()
      .max(L.disclosureEndsOn)
      .nullable()
      .optional()
      .describe('the record’s own last day of disclosure; kept when longer than 厦门办法第二十八条’s period'),
    consentRef: z
      .string()
      .trim()
      .min(1)
      .max(L.consentRef)
      .optional()
      .describe('厦门办法第十五条第二款: reference of the subject’s written consent'),
    noticeExemption: z
      .object({
        basis: z
          .string()
          .trim()
          .min(1)
          .max(L.noticeExemptionBasis)
          .describe('the law or regulation that exempts it'),
      })
      .strict()
      .optional()
      .describe('厦门办法第十三条 但书: collected at once, without the pre-collection notice'),
  })
  .strict();

export const recordBatchBody = z
  .object({
    records: z.array(z.unknown()).min(1).max(MAX_BATCH_ROWS).describe('each row as for POST /api/records'),
    mode: z
      .enum(['all-or-nothing', 'valid-only'])
      .default('all-or-nothing')
      .describe('all-or-nothing: any bad row stores nothing (422); valid-only: store the good rows'),
  })
  .strict();

export interface RejectedRow {
  index: number;
  errors: (FieldProblem & { recordId?: string })[];
}

/** 403 when a row names a unit other than the caller's (checked before anything else about the rows). */
function refuseOtherUnits(user: User, rows: unknown[]): string {
  if (!user.unitId) throw forbidden('This provider account has no unit');
  rows.forEach((row, index) => {
    const named = (row as { providerUnitId?: unknown } | null)?.providerUnitId;
    if (typeof named === 'string' && named.trim() !== user.unitId) {
      throw forbidden(
        `厦门办法第十一条: a provider unit submits its own records only (row ${index} names ${JSON.stringify(named.slice(0, 64))})`,
      );
    }
  });
  return user.unitId;
}

function conflictError(outcome: Extract<RowOutcome, { status: 'conflict' }>, sourceRecordNo: string) {
  const holder =
    outcome.existingId !== null
      ? `record ${outcome.existingId}`
      : `row ${outcome.sameNumberAs} of this request`;
  return {
    field: 'sourceRecordNo',
    message: `sourceRecordNo ${sourceRecordNo} is already ${holder}, with different content`,
    ...(outcome.existingId !== null ? { recordId: outcome.existingId } : {}),
  };
}

export function recordCollectionRouter(deps: AppDeps): Router {
  const { knex } = deps.db;
  const router = Router();

  const context = async (): Promise<CollectionContext & { at: string }> => {
    const now = deps.clock.now();
    const calendar = await deps.calendar.current();
    return {
      at: now.toISOString(),
      today: shanghaiDate(now.getTime()),
      isRestDay: (date) => !calendar.isWorkingDay(date),
    };
  };

  const handOver = async (providerUnitId: string, result: CollectResult, at: string) => {
    const { noticeRequired, timed } = result;
    if (noticeRequired.length === 0 && timed.length === 0) return;
    try {
      await deps.onRecordsCollected({ providerUnitId, noticeRequired, timed, at });
    } catch (err) {
      // The records are committed and stay pending (invisible) until a notice case serves them; a missing
      // expiry timer is armed again by re-submitting the record (idempotent).
      deps.log('handing collected records over for notice cases and expiry timers failed', err);
    }
  };

  router.post('/', requireRole('provider'), async (req, res) => {
    const user = currentUser(req);
    const providerUnitId = refuseOtherUnits(user, [req.body]);
    const row = parseInput(recordSubmissionBody, req.body, 'body');
    const ctx = await context();
    const checked = checkSubmission(row, ctx);
    if (!checked.ok) {
      throw validationFailed(checked.errors.map((e) => ({ ...e, field: `body.${e.field}` })));
    }
    const result = await collectRecords(knex, {
      providerUnitId,
      rows: [{ index: 0, record: checked.record }],
      allOrNothing: true,
      rejectedElsewhere: false,
      at: ctx.at,
      actor: { role: user.role, userId: user.id },
    });
    const outcome = result.outcomes[0];
    if (outcome.status === 'conflict') {
      const { message, recordId } = conflictError(outcome, row.sourceRecordNo);
      throw new Problem('conflict', { detail: message, recordId, sourceRecordNo: row.sourceRecordNo });
    }
    await handOver(providerUnitId, result, ctx.at);
    const record = await getRecord(knex, outcome.id!);
    res
      .status(outcome.status === 'created' ? 201 : 200)
      .location(`/api/records/${outcome.id}`)
      .json(record);
  });

  router.post(
    '/batch',
    requireRole('provider'),
    express.json({ limit: BATCH_BODY_LIMIT, strict: true }),
    refuseDeepBodies,
    async (req, res) => {
      const user = currentUser(req);
      const rows = (req.body as { records?: unknown } | undefined)?.records;
      if (Array.isArray(rows) && rows.length > MAX_BATCH_ROWS) {
        throw new Problem('payload-too-large', {
          detail: `一次最多 ${MAX_BATCH_ROWS} 条 / At most ${MAX_BATCH_ROWS} records a request (got ${rows.length})`,
          maxRows: MAX_BATCH_ROWS,
        });
      }
      const batch = parseInput(recordBatchBody, req.body, 'body');
      const providerUnitId = refuseOtherUnits(user, batch.records);
      const ctx = await context();
      const rejected: RejectedRow[] = [];
      const good: CollectionRow[] = [];
      const sourceNo = new Map<number, string>();
      batch.records.forEach((raw, index) => {
        const plain = plainSubmission(raw);
        const shape = plain ? { success: true as const, data: plain } : recordSubmissionBody.safeParse(raw);
        if (!shape.success) {
          const errors = shape.error.issues.map((i) => ({
            field: i.path.map(String).join('.') || '(row)',
            message: i.message,
          }));
          return void rejected.push({ index, errors });
        }
        sourceNo.set(index, shape.data.sourceRecordNo);
        const checked = checkSubmission(shape.data, ctx);
        if (checked.ok) good.push({ index, record: checked.record });
        else rejected.push({ index, errors: checked.errors });
      });
      const allOrNothing = batch.mode === 'all-or-nothing';
      const result = await collectRecords(knex, {
        providerUnitId,
        rows: good,
        allOrNothing,
        rejectedElsewhere: rejected.length > 0,
        at: ctx.at,
        actor: { role: user.role, userId: user.id },
      });
      for (const o of result.outcomes) {
        if (o.status === 'conflict')
          rejected.push({ index: o.index, errors: [conflictError(o, sourceNo.get(o.index)!)] });
      }
      rejected.sort((a, b) => a.index - b.index);
      if (!result.stored) {
        throw new Problem('validation-failed', {
          detail: `${rejected.length} of ${batch.records.length} rows are refused; nothing was stored (all-or-nothing)`,
          errors: rejected.flatMap((r) =>
            r.errors.map((e) => ({ field: `body.records[${r.index}].${e.field}`, message: e.message })),
          ),
          rejected,
        });
      }
      // Answered once the rows are committed: a batch's notice cases (one workflow per pending record, up to
      // 10,000) take longer to start than a client or a proxy should wait. The records stay pending, invisible,
      // until their case serves them; what a stopped process leaves undone, start-up recovers.
      void deps.handOvers.track(handOver(providerUnitId, result, ctx.at));
      const accepted: string[] = [];
      let created = 0;
      for (const o of result.outcomes) {
        if (o.status === 'conflict') continue;
        accepted.push(o.id!);
        if (o.status === 'created') created += 1;
      }
      res.json({ mode: batch.mode, accepted, rejected, created, existing: accepted.length - created });
    },
  );

  return router;
}
