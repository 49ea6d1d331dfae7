import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { getAuthorization } from '../db/authorizations';
import { appendQueryLog, type QueryActor } from '../db/query-log';
import { subjectRecords } from '../db/records';
import type { AuthorizationStatus } from '../domain/authorization';
import { shanghaiDate } from '../domain/calendar';
import {
  reportVisibility,
  type ListType,
  type RecordAnnotation,
  type RecordCategory,
  type ReportKind,
} from '../domain/records';
import { Problem } from './problems';
import { canonicalJson, contentHash, signWatermark } from './report-signing';

/**
 * Issues credit reports (厦门查询规则第十条): reads the subject's records, keeps those the kind may see
 * (domain/records reportVisibility), signs code + time + subject + content, stores what was shown, consumes
 * one use of an authorization code, and logs the query (第十二条) — all in one transaction, so a report
 * exists if and only if its log entry does. Facts only: no score, no evaluation.
 */

export interface ReportRequest {
  subjectId: string;
  kind: ReportKind;
  purpose: string | null;
  authorizationCode: string | null;
}

export interface ReportRecord {
  id: string;
  category: RecordCategory;
  listType: ListType;
  content: unknown;
  decidedOn: string;
  disclosureEndsOn: string | null;
  annotations: RecordAnnotation[];
}

/** What the watermark's content hash covers. */
export interface ReportContent {
  subject: { id: string; name: string | null };
  kind: ReportKind;
  purpose: string | null;
  /** The grantee an authorization code named (printed so the report cannot be passed off as someone else's). */
  grantee: string | null;
  records: ReportRecord[];
}

export interface CreditReport extends ReportContent {
  code: string;
  /** UTC ISO 8601, as stored and signed. */
  queriedAt: string;
  contentHash: string;
  watermark: string;
}

export interface IssueOptions {
  key: Buffer;
  actor: QueryActor;
  /** The name of a signed-in subject, for its own report when no record names it. */
  actorName: string | null;
  now: Date;
  /** false only in the benchmark's baseline: every real report is logged. */
  log?: boolean;
}

// Crockford base32: no I, L, O, U — a code read aloud or typed from paper is not misread.
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function randomCode(length: number): string {
  const bytes = crypto.randomBytes(length);
  return Array.from(bytes, (b) => CODE_ALPHABET[b & 31]).join('');
}

/** `CR20261123-7K3M9Q2XPDHF`: the Shanghai date of the query and 60 random bits. */
export const reportCode = (queriedAt: string) =>
  `CR${shanghaiDate(queriedAt).replace(/-/g, '')}-${randomCode(12)}`;

export async function issueReport(
  knex: Knex,
  request: ReportRequest,
  o: IssueOptions,
): Promise<CreditReport> {
  const queriedAt = o.now.toISOString();
  const records = (await subjectRecords(knex, request.subjectId)).flatMap((r) => {
    const v = reportVisibility(request.kind, r);
    if (!v.included) return [];
    const shown: ReportRecord = {
      id: r.id,
      category: r.category,
      listType: r.listType,
      content: r.content,
      decidedOn: r.decidedOn,
      disclosureEndsOn: r.disclosureEndsOn,
      annotations: v.annotations,
    };
    return [{ shown, subjectName: r.subjectName }];
  });
  const name = records[0]?.subjectName ?? (request.kind === 'self' ? o.actorName : null);

  return knex.transaction(async (trx) => {
    const authorization = request.authorizationCode
      ? await claimAuthorization(trx, request, queriedAt)
      : null;
    const content: ReportContent = {
      subject: { id: request.subjectId, name },
      kind: request.kind,
      purpose: request.purpose ?? authorization?.purpose ?? null,
      grantee: authorization?.grantee ?? null,
      records: records.map((r) => r.shown),
    };
    const canonical = canonicalJson(content);
    const code = reportCode(queriedAt);
    const hash = contentHash(canonical);
    await trx('reports').insert({
      code,
      kind: request.kind,
      purpose: content.purpose,
      subject_id: request.subjectId,
      queried_at: queriedAt,
      content: canonical,
      content_hash: hash,
      actor_role: o.actor.role,
      actor_id: o.actor.userId,
      authorization_code: request.authorizationCode,
    });
    if (authorization) {
      try {
        await trx('authorization_uses').insert({
          authorization_code: authorization.code,
          use_no: authorization.useNo,
          report_code: code,
          used_at: queriedAt,
        });
      } catch (err) {
        // A concurrent report took the same use first (unique code + use): that one counts, this one not.
        if (isUniqueViolation(err)) throw refusal('used-up', 'The authorization code was used concurrently');
        throw err;
      }
    }
    if (o.log !== false) {
      await appendQueryLog(trx, {
        at: queriedAt,
        actor: o.actor,
        kind: request.kind,
        purpose: content.purpose,
        subjectId: request.subjectId,
        reportCode: code,
        authorizationCode: request.authorizationCode,
        recordIds: content.records.map((r) => r.id),
        outcome: 'provided',
        refusal: null,
        detail: null,
      });
    }
    const watermark = signWatermark(o.key, {
      code,
      queriedAt,
      subjectId: request.subjectId,
      contentHash: hash,
    });
    return { ...content, code, queriedAt, contentHash: hash, watermark };
  });
}

export type AuthorizationRefusal = 'unknown' | Exclude<AuthorizationStatus, 'active'>;

const refusal = (reason: AuthorizationRefusal, detail: string) =>
  new Problem('forbidden', { detail, authorization: reason });

/** SQLite's and PostgreSQL's unique-constraint errors. */
function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/**
 * 湖北平台 授权码: a code the subject issued for this subject, not revoked, not past its last day (Asia/Shanghai)
 * and with a use left. Every failure is 403 with its reason; an unknown code and another subject's code
 * give the same answer, so codes cannot be probed.
 */
async function claimAuthorization(
  trx: Knex.Transaction,
  request: ReportRequest,
  queriedAt: string,
): Promise<{ code: string; purpose: string; grantee: string | null; useNo: number }> {
  const a = await getAuthorization(trx, request.authorizationCode!, shanghaiDate(queriedAt));
  if (!a || a.subjectId !== request.subjectId)
    throw refusal('unknown', 'No authorization code of this subject matches');
  if (a.status === 'revoked') throw refusal('revoked', 'The subject revoked this authorization code');
  if (a.status === 'expired') throw refusal('expired', `The authorization code expired after ${a.expiresOn}`);
  if (a.status === 'used-up')
    throw refusal('used-up', `The authorization code allows ${a.maxUses} report(s) and has been used`);
  return { code: a.code, purpose: a.purpose, grantee: a.grantee, useNo: a.uses + 1 };
}
