/**
 * The OpenAPI 3.1 document the app serves at GET /api/openapi.json — the full HTTP contract (API.md).
 * Request bodies and query parameters come from the routes' own zod schemas, so what is documented is
 * what is validated; response bodies are written here by hand as JSON Schema (2020-12, OpenAPI 3.1's
 * dialect). Also the web console's static assets (api/console/), served at `/`.
 */
import path from 'node:path';
import express, { type RequestHandler } from 'express';
import { z } from 'zod';
import { ROLES } from './auth';
import { reportPaths, reportSchemas } from './openapi-reports';
import type { ActionSpec } from '../domain/cases/registry';
import { CASE_TYPES_API } from './case-types';
import type { ApiCaseTypes } from './case-types/types';
import { dayBody, deadlineQuery } from './routes/calendar';
import { caseListQuery } from './routes/cases';
import {
  BATCH_BODY_LIMIT,
  MAX_BATCH_ROWS,
  recordBatchBody,
  recordSubmissionBody,
} from './routes/record-collection';
import { revokeOptOutBody } from './routes/opt-outs';
import { recordListQuery } from './routes/records';
import { breachListQuery, CENTER_NAME, slaStages } from './routes/sla';
import { taskListQuery } from './routes/tasks';

type Json = Record<string, unknown>;

export interface OpenApiDocument {
  openapi: string;
  info: Json;
  servers: Json[];
  tags: Json[];
  security: Json[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Json>; responses: Record<string, Json>; securitySchemes: Json };
}

export interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  security?: Json[];
  parameters?: Json[];
  requestBody?: { required: boolean; content: Record<string, { schema: Json }> };
  responses: Record<string, Json>;
}

// ---------------------------------------------------------------------------------------------------
// zod → JSON Schema

/** A request schema as JSON Schema: what a client may send (`io: 'input'`), without the `$schema` tag. */
export function requestSchema(schema: z.ZodType): Json {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, {
    io: 'input',
    target: 'draft-2020-12',
    unrepresentable: 'any',
  }) as Json;
  return tidy(json) as Json;
}

/** zod's date-time regex says no more than `format: date-time` does and is unreadable: drop it. */
function tidy(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(tidy);
  if (node === null || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'pattern' && (node as Json).format === 'date-time') continue;
    if (k === 'maximum' && v === Number.MAX_SAFE_INTEGER) continue;
    out[k] = tidy(v);
  }
  return out;
}

/** A query schema (a z.object) expanded into one OpenAPI parameter per property. */
export function queryParameters(schema: z.ZodType, descriptions: Record<string, string> = {}): Json[] {
  const json = requestSchema(schema) as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: 'query',
    required: (json.required ?? []).includes(name),
    ...(descriptions[name] ? { description: descriptions[name] } : {}),
    schema: s,
  }));
}

/** Refinements (check digits, cross-field rules) have no JSON Schema; say them in words or in if/then. */
function actionBody(spec: ActionSpec): Json {
  return { ...requestSchema(spec.body), ...spec.schemaExtras };
}

/** What the registry says of every case type, gathered for the document's enums. */
function caseVocabulary(types: ApiCaseTypes) {
  const all = [...types.values()].map((t) => t.caseType);
  const union = (pick: (t: (typeof all)[number]) => string[]) => [...new Set(all.flatMap(pick))];
  return {
    types: all.map((t) => t.type),
    states: union((t) => Object.keys(t.states)),
    outcomes: union((t) => Object.keys(t.outcomes)),
    actions: union((t) => Object.keys(t.actions)),
    stages: union((t) => Object.keys(t.stages)),
    slaStages: slaStages(types),
  };
}

// ---------------------------------------------------------------------------------------------------
// Response schemas, by hand

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const str = (description?: string): Json => ({
  type: 'string',
  ...(description ? { description } : {}),
});
export const instant = (description?: string): Json => ({
  type: 'string',
  format: 'date-time',
  description: description ?? 'ISO 8601 instant with offset (+08:00 when shown)',
  examples: ['2026-10-15T00:00:00.000+08:00'],
});
export const date = (description?: string): Json => ({
  type: 'string',
  format: 'date',
  description: description ?? 'Asia/Shanghai date',
});
export const nullable = (schema: Json): Json => ({ anyOf: [schema, { type: 'null' }] });
export const obj = (properties: Record<string, Json>, optional: string[] = []): Json => ({
  type: 'object',
  properties,
  required: Object.keys(properties).filter((k) => !optional.includes(k)),
});
export const page = (item: string): Json =>
  obj({
    items: { type: 'array', items: ref(item) },
    page: { type: 'integer', minimum: 1 },
    pageSize: { type: 'integer', minimum: 1, maximum: 200 },
    total: { type: 'integer', minimum: 0 },
  });

const actor = obj({
  role: { type: 'string', enum: ['clerk', 'provider', 'supervisor', 'admin', 'system'] },
  userId: nullable(str()),
  unitId: nullable(str()),
});

const calendarDay = obj({
  date: date(),
  kind: { type: 'string', enum: ['workday', 'holiday'] },
  name: str(),
  source: { type: 'string', enum: ['state-council', 'admin'] },
});

const calendarYear = obj({
  year: { type: 'integer' },
  published: { type: 'boolean', description: 'false: weekday/weekend defaults, deadlines are provisional' },
  publishedAt: nullable(instant()),
  days: {
    type: 'array',
    items: ref('CalendarDay'),
    description: 'the year’s adjusted days (调休, holidays)',
  },
});

const responseSchemas = (vocab: ReturnType<typeof caseVocabulary>): Record<string, Json> => ({
  Problem: {
    type: 'object',
    description: 'RFC 9457 problem details (application/problem+json)',
    properties: {
      type: { type: 'string', format: 'uri', description: 'stable identifier of the kind of problem' },
      title: str('bilingual: 中文 / English'),
      status: { type: 'integer' },
      detail: str(),
      instance: str('the request path'),
      errors: {
        type: 'array',
        description: 'validation failures (422), one per offending field',
        items: obj({ field: str('e.g. body.applicant.idNumber, query.days'), message: str() }),
      },
      state: str('409 action-not-allowed: the case’s current state'),
      allowedActions: {
        type: 'array',
        items: str(),
        description: '409 action-not-allowed: what you may do now',
      },
    },
    required: ['type', 'title', 'status'],
    additionalProperties: true,
  },
  Health: obj({
    status: { const: 'ok' },
    engine: { type: 'string', enum: ['temporal', 'in-process'] },
    database: { type: 'string', enum: ['sqlite', 'postgres'] },
  }),
  Me: obj({
    id: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string', enum: [...ROLES] },
    unitId: { type: ['string', 'null'], description: 'the provider unit (信息提供单位) of a provider' },
    subjectId: {
      type: ['string', 'null'],
      description: 'a subject (信用主体): the 统一社会信用代码 / 身份证号 it signed in as',
    },
  }),
  Deadline: obj({
    from: instant('the start instant, as given'),
    days: { type: 'integer', minimum: 1, maximum: 365 },
    deadline: instant('end of the last working day (24:00 Asia/Shanghai, or the policy’s close of business)'),
    deadlineDate: date('the last working day'),
    provisional: { type: 'boolean', description: 'counts days of a year whose arrangement is not published' },
  }),
  CalendarDay: calendarDay,
  CalendarYear: calendarYear,
  CalendarYearPublished: {
    ...calendarYear,
    properties: { ...(calendarYear.properties as Json), alreadyPublished: { type: 'boolean' } },
    required: [...(calendarYear.required as string[]), 'alreadyPublished'],
  },
  CalendarDaySet: obj({
    date: date(),
    kind: { type: 'string', enum: ['workday', 'holiday'] },
    name: str(),
    source: { const: 'admin' },
    previous: nullable(ref('CalendarDay')),
  }),
  CalendarDayCleared: obj({ date: date(), cleared: ref('CalendarDay') }),
  Record: obj({
    id: str(),
    subjectId: str('统一社会信用代码 or 身份证号'),
    subjectName: str(),
    providerUnitId: str('信息提供单位'),
    category: { type: 'string', enum: ['dishonesty', 'positive', 'neutral'] },
    listType: str(),
    content: { description: 'structured record content (a JSON object)' },
    decidedOn: date(),
    disclosure: { type: 'string', enum: ['public', 'authorized', 'government'] },
    disclosureEndsOn: nullable(date('last day of the 公示期 (厦门办法第二十八条); archived after it')),
    severity: nullable({
      type: 'string',
      enum: ['minor', 'general', 'serious'],
      description: 'administrative penalties: 轻微/一般/严重 (国办发〔2025〕22号)',
    }),
    sourceRecordNo: nullable(
      str('the provider unit’s own record number (null for records not collected by API)'),
    ),
    version: { type: 'integer', minimum: 1 },
    visibility: obj({
      visible: { type: 'boolean' },
      reasons: {
        type: 'array',
        items: {
          type: 'string',
          enum: ['pending-notice', 'archived', 'repaired', 'non-disclosed', 'suspended', 'deleted'],
        },
      },
      annotations: { type: 'array', items: { type: 'string', enum: ['objection'] } },
    }),
    annotations: { type: 'array', items: { type: 'string', enum: ['objection'] } },
    flags: obj({
      objectionCaseId: nullable(str()),
      suspended: { type: 'boolean' },
      repaired: { type: 'boolean' },
      nonDisclosed: { type: 'boolean' },
      archived: { type: 'boolean' },
      deleted: { type: 'boolean' },
      pendingNotice: { type: 'boolean' },
    }),
    repairForbidden: { type: 'boolean' },
    repair: nullable(obj({ repairedAt: str(), caseId: nullable(str()) })),
  }),
  Actor: actor,
  OptOuts: obj({
    subjectId: str(),
    inForce: { type: 'boolean', description: 'an opt-out withholds positive records collected from now on' },
    optOuts: {
      type: 'array',
      items: obj({
        caseId: str('the non-disclosure case that approved it'),
        since: instant(),
        revokedAt: nullable(instant()),
        revokedBy: nullable(str()),
        revokeReason: nullable(str()),
      }),
    },
  }),
  Stage: obj({
    name: { type: 'string', enum: vocab.stages },
    startedAt: instant(),
    period: obj({
      unit: { type: 'string', enum: ['working-days', 'calendar-days', 'months'] },
      count: { type: 'integer', minimum: 1 },
    }),
    periodText: ref('Label'),
    budgetDays: nullable({
      type: 'integer',
      description: 'working days (工作日) the stage has; null for a period in calendar days or months',
    }),
    unitId: nullable(str('the provider unit that answers for the stage; null: the credit center')),
    deadline: instant(),
    deadlineDate: date(),
    provisional: { type: 'boolean' },
    completedAt: nullable(instant()),
    breachedAt: nullable(instant()),
    due: nullable(ref('Due')),
    paused: {
      type: 'array',
      items: obj({ from: instant(), to: nullable(instant()), reason: str() }),
    },
  }),
  TimelineEntry: obj({
    at: instant(),
    actor: ref('Actor'),
    event: str('accepted, forwarded, upheld, dismissed, paused, resumed, closed…'),
    detail: { type: 'object', additionalProperties: true },
  }),
  CaseTask: obj({
    id: str(),
    unitId: str(),
    kind: str(),
    dueAt: instant(),
    status: { type: 'string', enum: ['open', 'done', 'cancelled'] },
    due: nullable(ref('Due')),
  }),
  Case: obj(
    {
      id: str('e.g. obj-20260930-3f9a1c'),
      type: { type: 'string', enum: vocab.types },
      state: { type: 'string', enum: vocab.states },
      profile: str('policy profile, e.g. xiamen'),
      recordId: str('the record, when the case concerns exactly one'),
      recordIds: { type: 'array', items: str() },
      units: { type: 'array', items: str(), description: 'the provider units involved' },
      providerUnitId: str('objection: the record’s provider unit'),
      verifyUnitId: nullable(str('objection: the unit asked to verify')),
      applicant: obj(
        {
          name: str(),
          idNumber: str('masked (first 4 and last 4) for provider units'),
          phone: str('not shown to provider units'),
        },
        ['phone'],
      ),
      kind: { type: 'string', enum: ['wrong', 'incomplete', 'infringement'] },
      reason: str(),
      evidence: { type: 'array', items: str() },
      openedAt: instant(),
      closedAt: nullable(instant()),
      outcome: nullable({ type: 'string', enum: vocab.outcomes }),
      nextDeadline: nullable(instant('the open stage’s deadline; null when closed or paused')),
      nextDue: nullable(ref('Due')),
      paused: { type: 'boolean' },
      breached: { type: 'boolean', description: 'some stage missed its deadline' },
      suspended: { type: 'boolean', description: 'the record is withheld from queries (provider overdue)' },
      stages: { type: 'array', items: ref('Stage') },
      timers: { type: 'array', items: obj({ name: str(), at: instant() }) },
      timeline: { type: 'array', items: ref('TimelineEntry') },
      tasks: { type: 'array', items: ref('CaseTask') },
      allowedActions: {
        type: 'array',
        items: { type: 'string', enum: vocab.actions },
        description: 'the actions the signed-in user may take now',
      },
    },
    [],
  ),
  Task: obj({
    id: str(),
    caseId: str(),
    caseType: str(),
    kind: str('e.g. verify'),
    unitId: str(),
    createdAt: instant(),
    dueAt: instant(),
    status: { type: 'string', enum: ['open', 'done', 'cancelled'] },
    recordId: str(),
    due: nullable(ref('Due')),
  }),
  SlaBreach: obj({
    id: str('the breach row'),
    caseId: str(),
    caseType: str('e.g. objection'),
    stage: { type: 'string', enum: vocab.slaStages },
    rung: str('the escalation rung recorded: `breach` (the deadline passed)'),
    level: { type: 'integer', minimum: 1, description: 'escalation level' },
    responsible: obj({
      kind: {
        type: 'string',
        enum: ['center', 'provider'],
        description: 'provider: the unit asked to verify was late (厦门办法第二十六条); center: 市信用中心',
      },
      unitId: nullable(str('the provider unit; null for the credit center')),
      unitName: str(`the unit’s name; “${CENTER_NAME}” for the credit center`),
    }),
    deadline: instant('the deadline that was missed'),
    breachedAt: instant(),
    caseState: { type: 'string', enum: vocab.states },
    caseOpen: { type: 'boolean', description: 'the case is still open (a breach never closes a case)' },
  }),
  SlaBreachPage: page('SlaBreach'),
  SlaSummary: obj({
    asOf: instant('now, when the numbers were taken'),
    openCases: { type: 'integer', minimum: 0 },
    dueToday: {
      type: 'integer',
      minimum: 0,
      description: 'open cases whose next deadline is after now and by the end of today',
    },
    dueSoon: {
      type: 'integer',
      minimum: 0,
      description:
        'open cases whose next deadline is after now and by the end of the next working day (`dueSoonUntil`); includes dueToday',
    },
    dueSoonUntil: instant('the end of the next working day (工作日, 调休 included)'),
    overdue: {
      type: 'integer',
      minimum: 0,
      description: 'open cases whose next deadline has passed (is at or before now)',
    },
    breachedOpen: { type: 'integer', minimum: 0, description: 'open cases with a breached stage' },
    breachesByStage: {
      type: 'object',
      description: 'stages that missed their deadline, all time, by stage',
      properties: Object.fromEntries(vocab.slaStages.map((s) => [s, { type: 'integer', minimum: 0 }])),
      required: vocab.slaStages,
      additionalProperties: { type: 'integer', minimum: 0 },
    },
    breachesByUnit: {
      type: 'array',
      description: `breaches by the responsible unit, most first; the credit center as unitId null (“${CENTER_NAME}”)`,
      items: obj({
        unitId: nullable(str()),
        unitName: str(),
        count: { type: 'integer', minimum: 1 },
      }),
    },
    escalations: {
      type: 'integer',
      minimum: 0,
      description: 'second-level escalations sent to supervisors (after the third reminder), all time',
    },
  }),
  CaseTypes: obj({
    profile: obj({ id: str(), name: str() }),
    escalation: obj({
      dueSoonWorkingDays: { type: 'integer' },
      reminderEveryWorkingDays: { type: 'integer' },
      secondLevelAfterReminders: { type: 'integer' },
    }),
    items: {
      type: 'array',
      items: obj({
        type: { type: 'string', enum: vocab.types },
        label: ref('Label'),
        filingPath: nullable(str('the route that files a case of this type')),
        states: { type: 'object', additionalProperties: ref('Label') },
        outcomes: { type: 'object', additionalProperties: ref('Label') },
        stages: {
          type: 'object',
          additionalProperties: obj({
            label: ref('Label'),
            period: nullable(obj({ unit: str(), count: { type: 'integer' } })),
            periodText: nullable(ref('Label')),
          }),
        },
        actions: {
          type: 'object',
          additionalProperties: obj({ label: ref('Label'), by: { type: 'string', enum: ['clerk', 'unit'] } }),
        },
      }),
    },
  }),
  Label: obj({ zh: str(), en: str() }),
  Due: obj({
    status: { type: 'string', enum: ['overdue', 'due-today', 'due-soon', 'ok'] },
    workingDays: {
      type: 'integer',
      minimum: 0,
      description: 'working days left (ok, due-soon) or overdue by (overdue), counted in Asia/Shanghai',
    },
  }),
  RecordPage: page('Record'),
  RecordBatchResult: obj({
    mode: { type: 'string', enum: ['all-or-nothing', 'valid-only'] },
    accepted: {
      type: 'array',
      items: str(),
      description:
        'record ids of the accepted rows, in row order (a re-submitted row answers its existing id)',
    },
    rejected: { type: 'array', items: ref('RejectedRow') },
    created: { type: 'integer', minimum: 0, description: 'records this request created' },
    existing: { type: 'integer', minimum: 0, description: 'rows that were already collected (idempotent)' },
  }),
  RejectedRow: obj({
    index: { type: 'integer', minimum: 0, description: 'the row’s position in `records`' },
    errors: {
      type: 'array',
      items: obj(
        {
          field: str('the field inside the row, e.g. subjectId, content.health.bloodType'),
          message: str('names the rule and article, e.g. 厦门办法第十五条第一款'),
          recordId: str('sourceRecordNo conflicts: the record that holds the number'),
        },
        ['recordId'],
      ),
    },
  }),
  CasePage: page('Case'),
  TaskPage: page('Task'),
});

// ---------------------------------------------------------------------------------------------------
// Operations

const PROBLEM_RESPONSES: Record<string, [string, string]> = {
  400: ['BadRequest', 'Malformed request (e.g. the body is not JSON) 请求格式错误'],
  401: ['Unauthenticated', 'No or unknown bearer token 未登录或凭证无效'],
  403: ['Forbidden', 'Not allowed for your role 无权执行此操作'],
  404: ['NotFound', 'Not found — or not your unit’s 未找到'],
  409: [
    'Conflict',
    'Not allowed in the current state, or conflicts with existing data (state, allowedActions)',
  ],
  413: ['PayloadTooLarge', 'Request body larger than 256 kB 请求体过大'],
  422: ['ValidationFailed', 'Invalid input; `errors` names every offending field 输入不符合要求'],
};

export const json = (schema: Json) => ({ 'application/json': { schema } });
export const ok = (schema: string, description = 'OK') => ({ description, content: json(ref(schema)) });
export const problems = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((s) => [String(s), { $ref: `#/components/responses/${PROBLEM_RESPONSES[s][0]}` }]),
  );
export const body = (schema: Json) => ({ required: true, content: json(schema) });
export const pathParam = (name: string, schema: Json, description?: string): Json => ({
  name,
  in: 'path',
  required: true,
  schema,
  ...(description ? { description } : {}),
});
const subjectParam = pathParam(
  'subjectId',
  { type: 'string', minLength: 18, maxLength: 18 },
  '统一社会信用代码 or 居民身份证号 with a valid check digit',
);
const idParam = (what: string) => pathParam('id', { type: 'string', minLength: 1 }, what);
const dateParam = pathParam('date', { type: 'string', format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const yearParam = pathParam('year', { type: 'integer', minimum: 2000, maximum: 2099 });
const calendarReason = {
  type: 'string',
  minLength: 1,
  maxLength: 500,
  description: 'why the calendar changes',
};

/**
 * One operation per action name. Types that share a name (every type's `withdraw`) share the path: its
 * body is any of their schemas, each titled by its type.
 */
function actionPaths(types: ApiCaseTypes): Record<string, Record<string, Operation>> {
  const byAction = new Map<string, [string, ActionSpec][]>();
  for (const { caseType } of types.values()) {
    for (const [action, spec] of Object.entries(caseType.actions)) {
      byAction.set(action, [...(byAction.get(action) ?? []), [caseType.type, spec]]);
    }
  }
  const out: Record<string, Record<string, Operation>> = {};
  for (const [action, specs] of byAction) {
    const [, first] = specs[0];
    // Types that share an action with the same body (withdraw) share one schema.
    const bodies = specs.map(([, spec]) => actionBody(spec));
    const schema = bodies.every((b) => JSON.stringify(b) === JSON.stringify(bodies[0]))
      ? bodies[0]
      : { anyOf: specs.map(([type], i) => ({ title: type, ...bodies[i] })) };
    const doc = specs.map(([type, spec]) => `${type}: ${spec.doc ?? spec.label.en}`).join(' ');
    out[`/api/cases/{id}/actions/${action}`] = {
      post: {
        operationId: `caseAction_${action}`,
        summary: `${first.label.zh} ${first.label.en}`,
        description:
          `${doc} Answers the case after the action. Offered only when \`${action}\` is in the ` +
          'case’s `allowedActions`; otherwise 403 (role) or 409 (state, with `state` and `allowedActions`).',
        tags: ['cases'],
        parameters: [idParam('case id')],
        requestBody: body(schema),
        responses: {
          200: ok('Case', 'the case after the action'),
          ...problems(400, 401, 403, 404, 409, 413, 422),
        },
      },
    };
  }
  return out;
}

/** The routes that file a case, one per type that has one. */
function filingPaths(types: ApiCaseTypes): Record<string, Record<string, Operation>> {
  const out: Record<string, Record<string, Operation>> = {};
  for (const { caseType, filing } of types.values()) {
    if (!filing) continue;
    out[`/api/${filing.path}`] = {
      post: {
        operationId: `file_${caseType.type}`,
        summary: filing.summary,
        description: filing.description,
        tags: ['cases'],
        requestBody: body(requestSchema(filing.body)),
        responses: {
          201: {
            description: 'the new case',
            headers: { Location: { schema: { type: 'string' }, description: '/api/cases/{id}' } },
            content: json(ref('Case')),
          },
          ...problems(400, 401, 403, 409, 413, 422),
        },
      },
    };
  }
  return out;
}

function paths(types: ApiCaseTypes): Record<string, Record<string, Operation>> {
  const pageParams = { page: 'page number, from 1', pageSize: 'items per page (max 200)' };
  return {
    '/healthz': {
      get: {
        operationId: 'health',
        summary: '健康检查 Health',
        tags: ['meta'],
        security: [],
        responses: { 200: ok('Health'), 503: { description: 'database unreachable' } },
      },
    },
    '/api/openapi.json': {
      get: {
        operationId: 'openapi',
        summary: '接口文档 This document',
        tags: ['meta'],
        security: [],
        responses: { 200: { description: 'OpenAPI 3.1', content: json({ type: 'object' }) } },
      },
    },
    '/api/me': {
      get: {
        operationId: 'me',
        summary: '当前用户 Who the token belongs to',
        tags: ['meta'],
        responses: { 200: ok('Me'), ...problems(401) },
      },
    },
    '/api/calendar/deadline': {
      get: {
        operationId: 'calendarDeadline',
        summary: '工作日期限计算 Working-day deadline',
        description:
          'The end of the `days`-th working day after `from`’s Asia/Shanghai date (调休 included).',
        tags: ['calendar'],
        parameters: queryParameters(deadlineQuery, {
          from: 'start instant with offset, e.g. 2026-09-30T10:00:00+08:00',
          days: 'working days (工作日)',
        }),
        responses: { 200: ok('Deadline'), ...problems(401, 422) },
      },
    },
    '/api/calendar/days': {
      get: {
        operationId: 'calendarDays',
        summary: '工作日历 A year’s calendar',
        tags: ['calendar'],
        parameters: [
          {
            name: 'year',
            in: 'query',
            required: true,
            schema: { type: 'integer', minimum: 2000, maximum: 2099 },
          },
        ],
        responses: { 200: ok('CalendarYear'), ...problems(401, 422) },
      },
    },
    '/api/calendar/days/{date}': {
      put: {
        operationId: 'calendarSetDay',
        summary: '设置调休/节假日 Set a day (admin)',
        description: 'Running cases re-derive their open deadlines.',
        tags: ['calendar'],
        parameters: [dateParam],
        requestBody: body(requestSchema(dayBody)),
        responses: { 200: ok('CalendarDaySet'), ...problems(400, 401, 403, 413, 422) },
      },
      delete: {
        operationId: 'calendarClearDay',
        summary: '清除设置 Clear a day’s override (admin)',
        description: 'The reason may come in the body or as `?reason=`.',
        tags: ['calendar'],
        parameters: [dateParam, { name: 'reason', in: 'query', required: false, schema: calendarReason }],
        requestBody: { required: false, content: json(obj({ reason: calendarReason })) },
        responses: { 200: ok('CalendarDayCleared'), ...problems(400, 401, 403, 404, 413, 422) },
      },
    },
    '/api/calendar/years/{year}/publish': {
      post: {
        operationId: 'calendarPublishYear',
        summary: '发布年度安排 Publish a year (admin)',
        description: 'Deadlines in the year stop being provisional. Publishing twice is harmless.',
        tags: ['calendar'],
        parameters: [yearParam],
        requestBody: body(obj({ reason: calendarReason })),
        responses: { 200: ok('CalendarYearPublished'), ...problems(400, 401, 403, 413, 422) },
      },
    },
    '/api/records': {
      get: {
        operationId: 'listRecords',
        summary: '信用信息列表 Records',
        description: 'Provider units see only their own unit’s records.',
        tags: ['records'],
        parameters: queryParameters(recordListQuery, pageParams),
        responses: { 200: ok('RecordPage'), ...problems(401, 403, 422) },
      },
      post: {
        operationId: 'collectRecord',
        summary: '归集信用信息 Collect a record (provider)',
        description:
          'A provider unit submits a record of its own unit (厦门办法第十一条; another unit → 403; other roles → ' +
          '403). Checked: the subject identifier’s check digit (GB 32100 / GB 11643), category and list type, ' +
          'decidedOn (a date, not after today in Asia/Shanghai), disclosure, severity (administrative ' +
          'penalties), the disclosure period (厦门办法第二十八条; 国办发〔2025〕22号), and 第十五条 data (refused; ' +
          'income, deposits etc. only with consentRef). A dishonesty record enters with ' +
          '`flags.pendingNotice: true`, invisible to every query until its pre-collection notice is served ' +
          '(第十三条), unless `noticeExemption.basis` names the law that exempts it. 201 the record; the same ' +
          '`sourceRecordNo` with the same content again → 200 the same record; with different content → 409 ' +
          'naming `recordId`.',
        tags: ['records'],
        requestBody: body(requestSchema(recordSubmissionBody)),
        responses: {
          201: {
            description: 'the collected record',
            headers: { Location: { schema: { type: 'string' }, description: '/api/records/{id}' } },
            content: json(ref('Record')),
          },
          200: {
            description: 'already collected (same sourceRecordNo and content)',
            content: json(ref('Record')),
          },
          ...problems(400, 401, 403, 409, 413, 422),
        },
      },
    },
    '/api/records/batch': {
      post: {
        operationId: 'collectRecordBatch',
        summary: '批量归集 Collect records in a batch (provider)',
        description:
          `Up to ${MAX_BATCH_ROWS} rows (body up to ${BATCH_BODY_LIMIT}; more rows → 413), each as for POST /api/records, ` +
          'all for the caller’s own unit (a row naming another unit → 403, nothing stored). Every bad row is ' +
          'reported by index and field. `all-or-nothing` (default): any bad row → 422 with `rejected` (every ' +
          'row’s errors) and nothing stored. `valid-only`: the good rows are stored (one transaction), the rest ' +
          'reported, 200. A row re-submitting a collected `sourceRecordNo` with the same content answers its ' +
          'existing id; with different content it is refused, naming the record.',
        tags: ['records'],
        requestBody: body(requestSchema(recordBatchBody)),
        responses: { 200: ok('RecordBatchResult'), ...problems(400, 401, 403, 413, 422) },
      },
    },
    '/api/records/{id}': {
      get: {
        operationId: 'getRecord',
        summary: '信用信息 A record',
        tags: ['records'],
        parameters: [idParam('record id, e.g. rec-000001')],
        responses: { 200: ok('Record'), ...problems(401, 403, 404) },
      },
    },
    ...filingPaths(types),
    '/api/non-disclosure-opt-outs/{subjectId}': {
      get: {
        operationId: 'getOptOuts',
        summary: '守信信息不公开 The subject’s standing opt-out (staff)',
        description:
          '厦门办法第二十七条: while an opt-out is in force, positive records collected for the subject are withheld and archived too.',
        tags: ['cases'],
        parameters: [subjectParam],
        responses: { 200: ok('OptOuts'), ...problems(401, 403, 422) },
      },
    },
    '/api/non-disclosure-opt-outs/{subjectId}/revoke': {
      post: {
        operationId: 'revokeOptOuts',
        summary: '撤回不公开申请 The subject says otherwise (clerk)',
        description:
          'Revokes every opt-out in force (kept with when, by whom and why; nothing is deleted). Records already ' +
          'withheld stay archived; positive records collected from now on are disclosed. 409 when none is in force.',
        tags: ['cases'],
        parameters: [subjectParam],
        requestBody: body(requestSchema(revokeOptOutBody)),
        responses: { 200: ok('OptOuts'), ...problems(400, 401, 403, 409, 422) },
      },
    },
    '/api/case-types': {
      get: {
        operationId: 'listCaseTypes',
        summary: '案件类型 Case types',
        description:
          'Each case type’s states, stages (with the period the running profile gives them), outcomes and ' +
          'actions, named in Chinese and English: what the console shows, so it keeps no copy.',
        tags: ['cases'],
        responses: { 200: ok('CaseTypes'), ...problems(401, 403) },
      },
    },
    '/api/cases': {
      get: {
        operationId: 'listCases',
        summary: '案件列表 Cases',
        description: 'Open cases by next deadline, nearest first; then closed ones, newest first.',
        tags: ['cases'],
        parameters: queryParameters(caseListQuery({ caseTypes: types }), {
          ...pageParams,
          dueBefore: 'only cases whose next deadline is before this instant',
        }),
        responses: { 200: ok('CasePage'), ...problems(401, 403, 422) },
      },
    },
    '/api/cases/{id}': {
      get: {
        operationId: 'getCase',
        summary: '案件详情 A case',
        tags: ['cases'],
        parameters: [idParam('case id')],
        responses: { 200: ok('Case'), ...problems(401, 403, 404) },
      },
    },
    ...actionPaths(types),
    '/api/tasks': {
      get: {
        operationId: 'listTasks',
        summary: '待办 Tasks',
        description: 'Provider units see only their own unit’s tasks.',
        tags: ['tasks'],
        parameters: queryParameters(taskListQuery, pageParams),
        responses: { 200: ok('TaskPage'), ...problems(401, 403, 422) },
      },
    },
    '/api/sla/breaches': {
      get: {
        operationId: 'listSlaBreaches',
        summary: '超期记录 SLA breaches',
        description:
          'Deadlines missed, newest first. A provider unit sees only the breaches it is responsible for.',
        tags: ['sla'],
        parameters: queryParameters(breachListQuery(types), {
          ...pageParams,
          responsible: 'center: the credit center was late; provider: a provider unit was',
          unitId: 'the responsible provider unit',
          since: 'only breaches at or after this instant',
        }),
        responses: { 200: ok('SlaBreachPage'), ...problems(401, 403, 422) },
      },
    },
    ...reportPaths(),
    '/api/sla/summary': {
      get: {
        operationId: 'slaSummary',
        summary: '时限看板 SLA summary',
        description:
          'Due-soon, overdue and breached cases now, breaches by stage and unit, escalations. A provider ' +
          'unit gets its own numbers: its cases, and the breaches it is responsible for.',
        tags: ['sla'],
        responses: { 200: ok('SlaSummary'), ...problems(401, 403) },
      },
    },
  };
}

function build(types: ApiCaseTypes): OpenApiDocument {
  return {
    openapi: '3.1.0',
    info: {
      title: '公共信用信息案件管理 Public credit case management',
      version: '0.1.0',
      description:
        'Instants are ISO 8601 with offset; dates are YYYY-MM-DD in Asia/Shanghai. Deadlines count ' +
        'working days (工作日) with the State Council arrangements (调休). Errors are application/problem+json.',
    },
    servers: [{ url: '/' }],
    tags: ['meta', 'calendar', 'records', 'cases', 'tasks', 'sla', 'reports'].map((name) => ({ name })),
    security: [{ bearerAuth: [] }],
    paths: paths(types),
    components: {
      schemas: { ...responseSchemas(caseVocabulary(types)), ...reportSchemas() },
      responses: Object.fromEntries(
        Object.values(PROBLEM_RESPONSES).map(([name, description]) => [
          name,
          { description, content: { 'application/problem+json': { schema: ref('Problem') } } },
        ]),
      ),
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer <token>' },
      },
    },
  };
}

const built = new WeakMap<ApiCaseTypes, OpenApiDocument>();

/** The document for the case types served (default: every product type). */
export function openApiDocument(types: ApiCaseTypes = CASE_TYPES_API): OpenApiDocument {
  let doc = built.get(types);
  if (!doc) built.set(types, (doc = build(types)));
  return doc;
}

/** GET /api/openapi.json — unauthenticated. */
export function serveOpenApi(types: ApiCaseTypes): RequestHandler {
  return (_req, res) => {
    res.json(openApiDocument(types));
  };
}

// ---------------------------------------------------------------------------------------------------
// The web console

export const consoleDir = path.join(__dirname, 'console');

/** Only our own origin: the console loads nothing from elsewhere and nobody may frame it. */
/** The console's static assets (index.html at `/`); their CSP and other headers come from api/security. */
export function consoleAssets(): RequestHandler {
  return express.static(consoleDir, {
    index: 'index.html',
    setHeaders: (res) => {
      res.setHeader('Cache-Control', 'no-cache');
    },
  });
}
