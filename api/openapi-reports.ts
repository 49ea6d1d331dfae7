/**
 * The OpenAPI operations and schemas of credit reports, authorization codes and the query log. Helpers come
 * from api/openapi.ts, which imports this module: everything here is a function, called only when the
 * document is built, so the import cycle never sees a half-loaded module.
 */
import { MATERIAL_KINDS } from '../domain/archive';
import { DISCLOSURES, GOVERNMENT_PURPOSES, REPORT_KINDS } from '../domain/records';
import {
  date,
  instant,
  json,
  nullable,
  obj,
  ok,
  page,
  pathParam,
  problems,
  queryParameters,
  ref,
  requestSchema,
  str,
  type Operation,
} from './openapi';
import { grantBody, materialBody } from './routes/application-materials';
import { authorizationBody, authorizationListQuery } from './routes/authorizations';
import { queryLogListQuery } from './routes/query-log';
import { reportBody, verifyQuery } from './routes/reports';

type Json = Record<string, unknown>;

/** Anonymous callers are welcome; a token, when sent, must be valid. */
const optionalAuth = [{}, { bearerAuth: [] }];

export function reportSchemas(): Record<string, Json> {
  return {
    ReportRecord: obj({
      id: str(),
      category: { type: 'string', enum: ['dishonesty', 'positive', 'neutral'] },
      listType: str(),
      content: { type: 'object', description: 'the record’s content as provided' },
      decidedOn: date(),
      disclosureEndsOn: nullable(date('last day of the 公示期')),
      annotations: {
        type: 'array',
        items: { type: 'string', enum: ['objection'] },
        description: 'objection: 异议标注, an objection is under way (厦门办法第二十六条)',
      },
    }),
    CreditReport: obj({
      code: str('报告编码, e.g. CR20261123-7K3M9Q2XPDHF'),
      queriedAt: instant('查询时间'),
      subject: obj({ id: str(), name: nullable(str('null when the report shows no record')) }),
      kind: { type: 'string', enum: [...REPORT_KINDS] },
      purpose: nullable(str()),
      grantee: nullable(str('the third party an authorization code named')),
      records: { type: 'array', items: ref('ReportRecord') },
      contentHash: str('sha256 of the canonical content, bound by the watermark'),
      watermark: str('防伪电子水印: signed claims (code, time, subject, content hash)'),
    }),
    ReportVerification: obj({
      code: str(),
      valid: { type: 'boolean' },
      queriedAt: nullable(instant()),
      subjectId: nullable(str()),
      contentHash: nullable(str()),
    }),
    QueryLogEntry: obj({
      at: instant(),
      actor: obj({
        role: str('a role, or anonymous'),
        userId: nullable(str()),
        unitId: nullable(str()),
      }),
      kind: nullable({ type: 'string', enum: [...REPORT_KINDS] }),
      purpose: nullable(str()),
      subjectId: nullable(str()),
      reportCode: nullable(str()),
      authorizationCode: nullable(str()),
      recordIds: { type: 'array', items: str() },
      outcome: { type: 'string', enum: ['provided', 'refused'] },
      refusal: nullable(str('the problem type of a refusal')),
      detail: nullable(str()),
    }),
    QueryLogPage: page('QueryLogEntry'),
    Authorization: obj({
      code: str('授权码, e.g. AQ-7K3M-9Q2X-PDHF-0A1B'),
      subjectId: str(),
      purpose: str(),
      grantee: nullable(str()),
      expiresOn: date('last day the code may be used'),
      maxUses: { type: 'integer', minimum: 1 },
      uses: { type: 'integer', minimum: 0, description: 'reports given on the code so far' },
      issuedAt: instant(),
      revokedAt: nullable(instant()),
      status: { type: 'string', enum: ['active', 'revoked', 'expired', 'used-up'] },
    }),
    AuthorizationPage: page('Authorization'),
    ApplicationMaterial: obj({
      id: str(),
      applicant: obj({ name: str(), idNumber: str() }),
      subjectId: str('whose information the application asked for'),
      documents: {
        type: 'array',
        items: obj({ kind: { type: 'string', enum: [...MATERIAL_KINDS] }, reference: str() }),
      },
      reportCode: nullable(str()),
      receivedAt: instant(),
      receivedBy: str(),
      retainUntil: date('第十三条: kept five years from receipt'),
    }),
    ArchiveGrant: obj({
      materialId: str(),
      userId: str(),
      reason: str(),
      expiresOn: date(),
      grantedAt: instant(),
      grantedBy: str(),
    }),
  };
}

export function reportPaths(): Record<string, Record<string, Operation>> {
  const request = requestSchema(reportBody) as { properties: Record<string, Json> };
  request.properties.purpose = {
    ...request.properties.purpose,
    description: `government: one of ${GOVERNMENT_PURPOSES.join(', ')} (厦门查询规则第八条); else free text`,
  };
  return {
    '/api/reports': {
      post: {
        operationId: 'createReport',
        summary: '信用报告 Credit report',
        description:
          `Kinds and what they show (disclosure attributes ${DISCLOSURES.join('/')}): public — anyone, no ` +
          'token, public records; self — the signed-in subject, all its records; authorized — anyone with ' +
          'the subject’s authorization code, public + authorized; government — clerk, provider or ' +
          'supervisor with a 第八条 purpose, all. Hidden records (pending notice, archived, repaired, ' +
          'non-disclosed, suspended, deleted) never appear. Every report and every refusal is logged.',
        tags: ['reports'],
        security: optionalAuth,
        requestBody: { required: true, content: json(request) },
        responses: {
          201: {
            description:
              'the report; with `Accept: application/pdf`, the same report as a PDF (Chinese text, QR code ' +
              'of the verify address, watermark on every page), its code in `X-Report-Code`',
            headers: { Location: { schema: { type: 'string' }, description: 'the verify address' } },
            content: {
              ...json(ref('CreditReport')),
              'application/pdf': { schema: { type: 'string', contentMediaType: 'application/pdf' } },
            },
          },
          503: { description: 'PDF requested but no CJK font is installed (the detail names the package)' },
          ...problems(400, 401, 403, 413, 422),
        },
      },
    },
    '/api/reports/{code}/verify': {
      get: {
        operationId: 'verifyReport',
        summary: '报告验真 Verify a report',
        description: 'No token. valid is false for any altered code, time, subject or content.',
        tags: ['reports'],
        security: [],
        parameters: [pathParam('code', { type: 'string', minLength: 1 }), ...queryParameters(verifyQuery)],
        responses: { 200: ok('ReportVerification'), ...problems(404, 422) },
      },
    },
    '/api/authorizations': {
      post: {
        operationId: 'issueAuthorization',
        summary: '授权码 Issue an authorization code (subject)',
        description:
          'The third party presents the code for an authorized report. expiresOn: today up to 12 months ahead; ' +
          'maxUses: reports the code may give (default 1).',
        tags: ['reports'],
        requestBody: { required: true, content: json(requestSchema(authorizationBody)) },
        responses: {
          201: { description: 'the code', content: json(ref('Authorization')) },
          ...problems(400, 401, 403, 413, 422),
        },
      },
      get: {
        operationId: 'listAuthorizations',
        summary: '我的授权码 My authorization codes (subject)',
        tags: ['reports'],
        parameters: queryParameters(authorizationListQuery, { page: 'from 1', pageSize: 'max 200' }),
        responses: { 200: ok('AuthorizationPage'), ...problems(401, 403, 422) },
      },
    },
    '/api/authorizations/{code}/revoke': {
      post: {
        operationId: 'revokeAuthorization',
        summary: '撤销授权 Revoke a code (subject)',
        description: 'Sets the revocation flag (nothing is deleted); revoking again changes nothing.',
        tags: ['reports'],
        parameters: [pathParam('code', { type: 'string', minLength: 1 })],
        responses: { 200: ok('Authorization'), ...problems(401, 403, 404) },
      },
    },
    '/api/application-materials': {
      post: {
        operationId: 'fileApplicationMaterials',
        summary: '查询申请材料归档 File application materials (clerk)',
        description:
          '厦门查询规则第七、十三条: what an in-person authorized query brought; kept five years (retainUntil).',
        tags: ['reports'],
        requestBody: { required: true, content: json(requestSchema(materialBody)) },
        responses: {
          201: { description: 'the filed materials', content: json(ref('ApplicationMaterial')) },
          ...problems(400, 401, 403, 413, 422),
        },
      },
    },
    '/api/application-materials/{id}': {
      get: {
        operationId: 'readApplicationMaterials',
        summary: '借阅档案 Read filed materials (with the supervisor’s grant)',
        description: 'Staff other than the supervisor need a running grant; reads and refusals are audited.',
        tags: ['reports'],
        parameters: [pathParam('id', { type: 'string', minLength: 1 })],
        responses: { 200: ok('ApplicationMaterial'), ...problems(401, 403, 404) },
      },
    },
    '/api/application-materials/{id}/grants': {
      post: {
        operationId: 'grantArchiveAccess',
        summary: '档案借阅授权 Grant a user access (supervisor)',
        tags: ['reports'],
        parameters: [pathParam('id', { type: 'string', minLength: 1 })],
        requestBody: { required: true, content: json(requestSchema(grantBody)) },
        responses: {
          201: { description: 'the grant', content: json(ref('ArchiveGrant')) },
          ...problems(400, 401, 403, 404, 413, 422),
        },
      },
    },
    '/api/query-log': {
      get: {
        operationId: 'listQueryLog',
        summary: '查询日志 Query log',
        description:
          'Newest first, refusals included; append-only (厦门查询规则第十二条). A subject sees the queries of ' +
          'itself; a provider unit the queries it made; other staff all.',
        tags: ['reports'],
        parameters: queryParameters(queryLogListQuery, { page: 'from 1', pageSize: 'max 200' }),
        responses: { 200: ok('QueryLogPage'), ...problems(401, 403, 422) },
      },
    },
  };
}
