import { Router, type Request } from 'express';
import { z } from 'zod';
import { ANONYMOUS, appendQueryLog, type QueryActor } from '../../db/query-log';
import {
  isGovernmentPurpose,
  REPORT_KINDS,
  GOVERNMENT_PURPOSES,
  type ReportKind,
} from '../../domain/records';
import { parseSubjectId } from '../../domain/subject-id';
import { identify, type User } from '../auth';
import type { AppDeps } from '../app';
import { Problem } from '../problems';
import { shown } from '../present';
import { cjkFont, MissingFontError, type CjkFont } from '../cjk-font';
import { renderReportPdf } from '../report-pdf';
import { issueReport, type CreditReport } from '../report-service';
import { canonicalJson, contentHash, readWatermark } from '../report-signing';
import { parseInput } from '../validation';

export const subjectIdField = z
  .string()
  .trim()
  .transform((s, ctx) => {
    const parsed = parseSubjectId(s);
    if (parsed.ok) return parsed.id;
    ctx.addIssue({
      code: 'custom',
      message: `统一社会信用代码 or 身份证号 with a valid check digit is required (${parsed.reason})`,
    });
    return z.NEVER;
  });

export const reportBody = z
  .object({
    subjectId: subjectIdField,
    kind: z.enum(REPORT_KINDS as [ReportKind, ...ReportKind[]]),
    purpose: z.string().trim().min(1).max(200).optional(),
    authorizationCode: z.string().trim().min(1).max(32).optional(),
  })
  .superRefine((b, ctx) => {
    if (b.kind === 'government' && (b.purpose === undefined || !isGovernmentPurpose(b.purpose))) {
      ctx.addIssue({
        code: 'custom',
        path: ['purpose'],
        message: `厦门查询规则第八条: a government query names its purpose, one of ${GOVERNMENT_PURPOSES.join(', ')}`,
      });
    }
    if (b.kind !== 'authorized' && b.authorizationCode !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['authorizationCode'],
        message: 'only an authorized report takes an authorization code',
      });
    }
    if (b.kind === 'authorized' && b.authorizationCode === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['authorizationCode'],
        message: 'an authorized report needs the subject’s authorization code',
      });
    }
  });

export const verifyQuery = z.object({ watermark: z.string().min(1).max(2000) });

/** 第九条: agencies query in performance of their duties; the admin configures the platform, it does not query. */
const GOVERNMENT_ROLES: readonly string[] = ['clerk', 'provider', 'supervisor'];

const actorOf = (user: User | undefined): QueryActor =>
  user ? { role: user.role, userId: user.id, unitId: user.unitId } : ANONYMOUS;

/** Who may ask for which kind of report (厦门查询规则第五、六、九条); the code itself is checked when used. */
function mayRequest(kind: ReportKind, subjectId: string, user: User | undefined): void {
  if (kind === 'public' || kind === 'authorized') return;
  if (!user) throw new Problem('unauthenticated', { detail: `A ${kind} report needs a signed-in caller` });
  if (kind === 'self' && (user.role !== 'subject' || user.subjectId !== subjectId)) {
    throw new Problem('forbidden', {
      detail: 'A self report is for the signed-in subject’s own identifier only',
    });
  }
  if (kind === 'government' && !GOVERNMENT_ROLES.includes(user.role)) {
    throw new Problem('forbidden', {
      detail: `Government queries are for agency staff (${GOVERNMENT_ROLES.join(', ')})`,
    });
  }
}

/** The report as the API answers it: instants shown in +08:00, the watermark beside the content. */
export function presentReport(r: CreditReport) {
  return {
    code: r.code,
    queriedAt: shown(r.queriedAt),
    subject: r.subject,
    kind: r.kind,
    purpose: r.purpose,
    grantee: r.grantee,
    records: r.records,
    contentHash: r.contentHash,
    watermark: r.watermark,
  };
}

function pdfFont(): CjkFont {
  try {
    return cjkFont(process.env);
  } catch (err) {
    if (err instanceof MissingFontError) throw new Problem('unavailable', { detail: err.message });
    throw err;
  }
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function reportsRouter(deps: AppDeps, key: Buffer): Router {
  const { knex } = deps.db;
  const router = Router();

  /**
   * 厦门查询规则第十条: a query's result is a credit report. No token is needed for public reports, so
   * identification happens here rather than in the API's authenticate middleware. Every refusal is logged
   * (第十二条) before it is answered.
   */
  router.post('/', async (req: Request, res) => {
    let user: User | undefined;
    try {
      user = await identify(knex, req);
      const body = parseInput(reportBody, req.body, 'body');
      mayRequest(body.kind, body.subjectId, user);
      // The PDF is the same report in another representation; its font is checked before anything is issued.
      const font =
        req.accepts(['application/json', 'application/pdf']) === 'application/pdf' ? pdfFont() : null;
      const report = await issueReport(
        knex,
        {
          subjectId: body.subjectId,
          kind: body.kind,
          purpose: body.purpose ?? null,
          authorizationCode: body.authorizationCode ?? null,
        },
        { key, actor: actorOf(user), actorName: user?.name ?? null, now: deps.clock.now() },
      );
      const verifyPath = `/api/reports/${report.code}/verify?watermark=${encodeURIComponent(report.watermark)}`;
      res.status(201).location(verifyPath);
      if (!font) return void res.json(presentReport(report));
      const base = process.env.PUBLIC_BASE_URL ?? `${req.protocol}://${req.get('host')}`;
      const pdf = await renderReportPdf(report, base.replace(/\/$/, '') + verifyPath, font);
      res
        .type('application/pdf')
        .set('Content-Disposition', `attachment; filename="${report.code}.pdf"`)
        .set('X-Report-Code', report.code)
        .send(pdf);
    } catch (err) {
      if (err instanceof Problem) {
        const raw = (req.body ?? {}) as Record<string, unknown>;
        const kind = str(raw.kind);
        await appendQueryLog(knex, {
          at: deps.clock.now().toISOString(),
          actor: actorOf(user),
          kind: kind && (REPORT_KINDS as readonly string[]).includes(kind) ? kind : null,
          purpose: str(raw.purpose),
          subjectId: str(raw.subjectId)?.trim().toUpperCase() ?? null,
          reportCode: null,
          authorizationCode: str(raw.authorizationCode),
          recordIds: [],
          outcome: 'refused',
          refusal: err.problemType,
          detail: err.message,
        });
      }
      throw err;
    }
  });

  /**
   * Anyone holding a report may check it (no token): valid only if the server's key signed the watermark's
   * claims, they name this code, and they match the stored report, whose content is hashed again.
   */
  router.get('/:code/verify', async (req, res) => {
    const q = parseInput(verifyQuery, req.query, 'query');
    const row = await knex('reports').where({ code: req.params.code }).first();
    if (!row) throw new Problem('not-found', { detail: `no report ${req.params.code}` });
    const claims = readWatermark(key, q.watermark);
    const valid =
      claims !== null &&
      claims.code === row.code &&
      claims.queriedAt === row.queried_at &&
      claims.subjectId === row.subject_id &&
      claims.contentHash === row.content_hash &&
      contentHash(canonicalJson(JSON.parse(row.content))) === row.content_hash;
    res.json({
      code: row.code,
      valid,
      // What the genuine report says, to compare with the paper in hand; nothing for a forged watermark.
      queriedAt: valid ? shown(row.queried_at as string) : null,
      subjectId: valid ? row.subject_id : null,
      contentHash: valid ? row.content_hash : null,
    });
  });

  return router;
}
