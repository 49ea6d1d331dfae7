import request from 'supertest';
import { openApiDocument, type Operation } from '../../api/openapi';
import { OBJECTION_ACTIONS } from '../../domain/cases/objection-actions';
import { testApp, type TestApp } from '../support/app';
import { mountedRoutes } from '../support/routes';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

/** The documented operations, with the per-action paths folded back into the mounted route they document. */
function documentedRoutes(): string[] {
  const doc = openApiDocument();
  const out = new Set<string>();
  for (const [p, item] of Object.entries(doc.paths)) {
    const route = p.replace(/^\/api\/cases\/\{id\}\/actions\/[a-z]+$/, '/api/cases/{id}/actions/{action}');
    for (const m of Object.keys(item)) out.add(`${m.toUpperCase()} ${route}`);
  }
  return [...out].sort();
}

const operations = (): [string, string, Operation][] =>
  Object.entries(openApiDocument().paths).flatMap(([p, item]) =>
    Object.entries(item).map(([m, op]) => [m, p, op] as [string, string, Operation]),
  );

describe('the OpenAPI document', () => {
  test('is served unauthenticated at /api/openapi.json as OpenAPI 3.1', async () => {
    const res = await request(t.app).get('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body.openapi).toMatch(/^3\.1\.\d+$/);
    expect(res.body.info).toEqual(expect.objectContaining({ title: expect.any(String), version: '0.1.0' }));
    expect(res.body.components.securitySchemes.bearerAuth).toEqual(
      expect.objectContaining({ type: 'http', scheme: 'bearer' }),
    );
    expect(res.body.security).toEqual([{ bearerAuth: [] }]);
    expect(res.body).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
  });

  test('every operation has a unique operationId, tags, and documented responses', () => {
    const ids = new Set<string>();
    for (const [method, p, op] of operations()) {
      expect(METHODS).toContain(method);
      expect(p).toMatch(/^\//);
      expect(ids.has(op.operationId)).toBe(false);
      ids.add(op.operationId);
      expect(op.tags.length).toBeGreaterThan(0);
      const statuses = Object.keys(op.responses);
      expect(statuses.some((s) => /^2\d\d$/.test(s))).toBe(true);
      for (const s of statuses) expect(s).toMatch(/^[1-5]\d\d$/);
      // Every {param} in the path is declared as a path parameter.
      const declared = (op.parameters ?? []).filter((x) => x.in === 'path').map((x) => x.name);
      expect(declared.sort()).toEqual([...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort());
    }
  });

  test('every $ref resolves', () => {
    const doc = openApiDocument() as unknown as Record<string, Record<string, Record<string, unknown>>>;
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(0);
    for (const r of refs) {
      const [, , section, name] = r.slice(9, -1).split('/');
      expect(doc.components[section]?.[name]).toBeDefined();
    }
  });

  test('error responses are the shared Problem as application/problem+json, for 400/401/403/404/409/413/422', () => {
    const doc = openApiDocument();
    const statuses = new Set<string>();
    for (const [, p, op] of operations()) {
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) < 400 || Number(status) >= 500) continue;
        statuses.add(status);
        const name = String((response as { $ref: string }).$ref)
          .split('/')
          .pop()!;
        expect(doc.components.responses[name]).toEqual({
          description: expect.any(String),
          content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        });
      }
      if (p.startsWith('/api/') && op.security === undefined) expect(op.responses['401']).toBeDefined();
    }
    expect([...statuses].sort()).toEqual(['400', '401', '403', '404', '409', '413', '422']);
  });

  test('every route mounted in the app is documented, and nothing else', () => {
    const mounted = mountedRoutes(t.app);
    expect(mounted).toEqual(
      expect.arrayContaining([
        'GET /healthz',
        'GET /api/calendar/deadline',
        'GET /api/calendar/days',
        'PUT /api/calendar/days/{date}',
        'DELETE /api/calendar/days/{date}',
        'POST /api/calendar/years/{year}/publish',
        'GET /api/records',
        'GET /api/records/{id}',
        'POST /api/objections',
        'GET /api/cases',
        'GET /api/cases/{id}',
        'POST /api/cases/{id}/actions/{action}',
        'GET /api/tasks',
      ]),
    );
    expect(documentedRoutes()).toEqual(mounted);
  });

  test('each objection action has its own documented body, taken from its schema', () => {
    const doc = openApiDocument();
    for (const action of Object.keys(OBJECTION_ACTIONS)) {
      const op = doc.paths[`/api/cases/{id}/actions/${action}`]?.post;
      expect(op).toBeDefined();
      expect(op.summary).not.toBe(action);
      // An action name several types share (withdraw) takes any of their bodies, each titled by its type.
      const schema = op.requestBody?.content['application/json'].schema as {
        type?: string;
        anyOf?: object[];
      };
      expect(
        schema.type === 'object' || schema.anyOf?.every((s) => (s as { type?: string }).type === 'object'),
      ).toBe(true);
    }
    const body = (a: string) => doc.paths[`/api/cases/{id}/actions/${a}`].post.requestBody!.content;
    expect(body('correct')['application/json'].schema.required).toEqual(['content', 'reason']);
    expect(body('forward')['application/json'].schema.required).toBeUndefined();
    expect(body('uphold')['application/json'].schema).toEqual(
      expect.objectContaining({ required: ['correction', 'reason'], else: { required: ['content'] } }),
    );
  });

  test('list query parameters are expanded from the zod schemas', () => {
    const params = openApiDocument().paths['/api/cases'].get.parameters!;
    expect(params.map((p) => p.name)).toEqual(['type', 'state', 'breached', 'dueBefore', 'page', 'pageSize']);
    expect(params.every((p) => p.in === 'query' && p.required === false)).toBe(true);
    expect(params.find((p) => p.name === 'pageSize')!.schema).toEqual(
      expect.objectContaining({ type: 'integer', maximum: 200, default: 50 }),
    );
  });
});

/** What the document says is required is what the API refuses a request without. */
describe('documented request schemas match what the API refuses', () => {
  const doc = openApiDocument();
  const schemaOf = (p: string, m: string) =>
    doc.paths[p][m].requestBody!.content['application/json'].schema as {
      required: string[];
      properties: Record<string, { enum?: string[]; minimum?: number; maximum?: number }>;
    };
  const fieldsRefused = (res: { body: { errors?: { field: string }[] } }) =>
    (res.body.errors ?? []).map((e) => e.field).sort();

  test('PUT /api/calendar/days/{date}: an empty body is refused for exactly the documented required fields', async () => {
    const schema = schemaOf('/api/calendar/days/{date}', 'put');
    expect(schema.required.sort()).toEqual(['kind', 'name', 'reason']);
    const res = await t.as('demo-admin').put('/api/calendar/days/2026-10-10').send({});
    expect(res.status).toBe(422);
    expect(fieldsRefused(res)).toEqual(schema.required.map((f) => `body.${f}`).sort());
  });

  test('PUT /api/calendar/days/{date}: each required field alone is missed; the documented enum is enforced', async () => {
    const schema = schemaOf('/api/calendar/days/{date}', 'put');
    const valid = { kind: 'workday', name: '调休上班', reason: 'test' };
    for (const field of schema.required) {
      const { [field]: _omit, ...rest } = valid as Record<string, string>;
      const res = await t.as('demo-admin').put('/api/calendar/days/2026-10-10').send(rest);
      expect(res.status).toBe(422);
      expect(fieldsRefused(res)).toEqual([`body.${field}`]);
    }
    expect(schema.properties.kind.enum).toEqual(['workday', 'holiday']);
    const bad = await t
      .as('demo-admin')
      .put('/api/calendar/days/2026-10-10')
      .send({ ...valid, kind: 'weekend' });
    expect(fieldsRefused(bad)).toEqual(['body.kind']);
  });

  test('GET /api/calendar/deadline: the documented required query parameters and bounds are enforced', async () => {
    const params = doc.paths['/api/calendar/deadline'].get.parameters!;
    expect(params.filter((p) => p.required).map((p) => p.name)).toEqual(['from', 'days']);
    const days = params.find((p) => p.name === 'days')!.schema as { minimum: number; maximum: number };
    const get = (q: string) => t.as('demo-clerk').get(`/api/calendar/deadline?${q}`);
    expect(fieldsRefused(await get(''))).toEqual(['query.days', 'query.from']);
    const from = encodeURIComponent('2026-09-30T10:00:00+08:00');
    expect((await get(`from=${from}&days=${days.maximum}`)).status).toBe(200);
    expect((await get(`from=${from}&days=${days.minimum}`)).status).toBe(200);
    expect(fieldsRefused(await get(`from=${from}&days=${days.maximum + 1}`))).toEqual(['query.days']);
    expect(fieldsRefused(await get(`from=${from}&days=${days.minimum - 1}`))).toEqual(['query.days']);
  });

  test('POST /api/objections: an empty body is refused for exactly the documented required fields', async () => {
    const schema = schemaOf('/api/objections', 'post');
    expect(schema.required.sort()).toEqual(['applicant', 'kind', 'reason', 'recordId']);
    // Validation comes before any engine call, so this needs no engine.
    const res = await t.as('demo-clerk').post('/api/objections').send({});
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(fieldsRefused(res)).toEqual(schema.required.map((f) => `body.${f}`).sort());
  });

  test('POST /api/objections: the applicant’s documented required fields are those refused', async () => {
    const schema = schemaOf('/api/objections', 'post') as unknown as {
      properties: { applicant: { required: string[] } };
    };
    const res = await t
      .as('demo-clerk')
      .post('/api/objections')
      .send({ recordId: 'rec-000001', applicant: {}, kind: 'wrong', reason: 'x' });
    expect(res.status).toBe(422);
    expect(fieldsRefused(res)).toEqual(
      schema.properties.applicant.required.map((f) => `body.applicant.${f}`).sort(),
    );
  });
});

describe('documented action bodies match what the API refuses (on a real objection case)', () => {
  const doc = openApiDocument();
  const required = (action: string) =>
    (doc.paths[`/api/cases/{id}/actions/${action}`].post.requestBody!.content['application/json'].schema
      .required ?? []) as string[];
  let caseId: string;

  beforeAll(async () => {
    caseId = (await t.fileObjection('rec-000007')).id;
  });

  test.each(['correct', 'reject'])(
    '%s with an empty body is refused for exactly its documented required fields',
    async (action) => {
      expect(required(action).length).toBeGreaterThan(0);
      const res = await t.as('demo-clerk').post(`/api/cases/${caseId}/actions/${action}`).send({});
      expect(res.status).toBe(422);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(
        required(action)
          .map((f) => `body.${f}`)
          .sort(),
      );
    },
  );

  test('an action the state does not allow is a 409 Problem with state and allowedActions, as documented', async () => {
    const documented = doc.paths['/api/cases/{id}/actions/process'].post.responses['409'];
    expect(documented).toEqual({ $ref: '#/components/responses/Conflict' });
    const res = await t.as('demo-clerk').post(`/api/cases/${caseId}/actions/process`).send({});
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = doc.components.schemas.Problem as { properties: Record<string, unknown> };
    for (const member of Object.keys(res.body)) expect(Object.keys(problem.properties)).toContain(member);
    expect(res.body).toEqual(
      expect.objectContaining({ state: 'compare', allowedActions: expect.arrayContaining(['forward']) }),
    );
  });

  test('the case answered matches the documented Case schema’s required members', async () => {
    const res = await t.as('demo-clerk').get(`/api/cases/${caseId}`);
    const schema = doc.components.schemas.Case as { required: string[]; properties: Record<string, unknown> };
    expect(Object.keys(res.body).sort()).toEqual([...schema.required].sort());
    expect(Object.keys(schema.properties).sort()).toEqual([...schema.required].sort());
  });

  test('records, tasks and list pages match their documented schemas’ members', async () => {
    const members = (name: string) => {
      const schema = doc.components.schemas[name] as { required: string[]; properties: object };
      expect(Object.keys(schema.properties).sort()).toEqual([...schema.required].sort());
      return [...schema.required].sort();
    };
    const record = await t.as('demo-clerk').get('/api/records/rec-000007');
    expect(Object.keys(record.body).sort()).toEqual(members('Record'));
    const records = await t.as('demo-clerk').get('/api/records?pageSize=2');
    expect(Object.keys(records.body).sort()).toEqual(members('RecordPage'));
    expect(await t.as('demo-clerk').post(`/api/cases/${caseId}/actions/forward`).send({})).toHaveProperty(
      'status',
      200,
    );
    const tasks = await t.as('demo-provider-a').get('/api/tasks?status=open');
    expect(tasks.body.items.length).toBeGreaterThan(0);
    for (const task of tasks.body.items) expect(Object.keys(task).sort()).toEqual(members('Task'));
    const deadline = await t
      .as('demo-clerk')
      .get('/api/calendar/deadline?from=2026-09-30T10:00:00%2B08:00&days=6');
    expect(Object.keys(deadline.body).sort()).toEqual(members('Deadline'));
  });
});
