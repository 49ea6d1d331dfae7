import request from 'supertest';
import { openApiDocument } from '../../api/openapi';
import { readWatermark, signWatermark } from '../../api/report-signing';
import { creditCodeCheckChar } from '../../domain/subject-id';
import { testApp, TEST_SIGNING_KEY, type TestApp } from '../support/app';

let t: TestApp;
let orgId: string; // demo-subject-org: owns rec-000059 (authorized) and rec-000060 (government-shared)
let personId: string;
beforeAll(async () => {
  t = await testApp();
  orgId = (await t.as('demo-subject-org').get('/api/me')).body.subjectId;
  personId = (await t.as('demo-subject-person').get('/api/me')).body.subjectId;
});
afterAll(() => t.close());

const anonymous = () => ({
  post: (url: string) => request(t.app).post(url),
  get: (url: string) => request(t.app).get(url),
});
const ids = (res: { body: { records: { id: string }[] } }) => res.body.records.map((r) => r.id);
const record = async (id: string) => (await t.as('demo-clerk').get(`/api/records/${id}`)).body;
const lastLog = async () =>
  (await t.db.knex('query_log').orderBy('id', 'desc').first()) as Record<string, unknown>;

describe('POST /api/reports: four kinds (厦门查询规则第五～十条)', () => {
  test('厦门查询规则第五条: a public report needs no sign-in and shows visible 社会公开 records only', async () => {
    const res = await anonymous().post('/api/reports').send({ subjectId: orgId, kind: 'public' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      code: expect.stringMatching(/^CR\d{8}-[0-9A-Z]{12}$/),
      queriedAt: expect.stringMatching(/\+08:00$/),
      subject: { id: orgId, name: expect.any(String) },
      kind: 'public',
      watermark: expect.any(String),
    });
    expect(res.body.records.length).toBeGreaterThan(0);
    expect(ids(res)).not.toContain('rec-000059');
    expect(ids(res)).not.toContain('rec-000060');
    for (const r of res.body.records) {
      const full = await record(r.id);
      expect(full.disclosure).toBe('public');
      expect(full.visibility.visible).toBe(true);
      expect(Object.keys(r).sort()).toEqual(
        ['annotations', 'category', 'content', 'decidedOn', 'disclosureEndsOn', 'id', 'listType'].sort(),
      );
    }
  });

  test('厦门查询规则第十条: a report states facts only — no score, no evaluation', async () => {
    const res = await anonymous().post('/api/reports').send({ subjectId: orgId, kind: 'public' });
    expect(JSON.stringify(res.body)).not.toMatch(/score|rating|grade|evaluation|评分|评价|等级/i);
  });

  test('厦门查询规则第六条第一项: the signed-in subject gets its own report, with authorized and shared records', async () => {
    const res = await t.as('demo-subject-org').post('/api/reports').send({ subjectId: orgId, kind: 'self' });
    expect(res.status).toBe(201);
    expect(ids(res)).toEqual(expect.arrayContaining(['rec-000059', 'rec-000060']));
  });

  test('a self report is refused for anyone but the subject itself', async () => {
    expect((await anonymous().post('/api/reports').send({ subjectId: orgId, kind: 'self' })).status).toBe(
      401,
    );
    expect(
      (await t.as('demo-subject-person').post('/api/reports').send({ subjectId: orgId, kind: 'self' }))
        .status,
    ).toBe(403);
    expect(
      (await t.as('demo-clerk').post('/api/reports').send({ subjectId: orgId, kind: 'self' })).status,
    ).toBe(403);
  });

  test('厦门查询规则第八条: government queries need a purpose from the list', async () => {
    const ok = await t
      .as('demo-provider-b')
      .post('/api/reports')
      .send({ subjectId: orgId, kind: 'government', purpose: 'licensing' });
    expect(ok.status).toBe(201);
    expect(ids(ok)).toEqual(expect.arrayContaining(['rec-000059', 'rec-000060']));
    for (const purpose of [undefined, '好奇', 'LICENSING']) {
      const res = await t
        .as('demo-clerk')
        .post('/api/reports')
        .send({ subjectId: orgId, kind: 'government', purpose });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'body.purpose' })]);
    }
  });

  test('厦门查询规则第九条: government reports are for agency staff — anonymous 401, subject and admin 403', async () => {
    const body = { subjectId: orgId, kind: 'government', purpose: 'procurement' };
    expect((await anonymous().post('/api/reports').send(body)).status).toBe(401);
    expect((await t.as('demo-subject-org').post('/api/reports').send(body)).status).toBe(403);
    expect((await t.as('demo-admin').post('/api/reports').send(body)).status).toBe(403);
    for (const token of ['demo-clerk', 'demo-supervisor', 'demo-provider-a'])
      expect((await t.as(token).post('/api/reports').send(body)).status).toBe(201);
  });

  test('a record that any flag hides never appears in any kind of report, for any demo subject', async () => {
    const subjects: string[] = (await t.db.knex('records').distinct('subject_id')).map((r) => r.subject_id);
    expect(subjects.length).toBeGreaterThan(20);
    const hidden = new Set(
      (await t.db
        .knex('records')
        .where((b) =>
          b
            .where({ pending_notice: true })
            .orWhere({ archived: true })
            .orWhere({ repaired: true })
            .orWhere({ non_disclosed: true })
            .orWhere({ deleted: true })
            .orWhereNotNull('suspended_by_case_id'),
        )
        .pluck('id')) as string[],
    );
    expect(hidden.size).toBeGreaterThan(10);
    for (const subjectId of subjects) {
      const res = await t
        .as('demo-clerk')
        .post('/api/reports')
        .send({ subjectId, kind: 'government', purpose: 'other' });
      expect(res.status).toBe(201);
      for (const id of ids(res)) expect(hidden.has(id)).toBe(false);
    }
  });

  test('厦门办法第二十六条: a record under objection is in the report with its 异议标注', async () => {
    await t.fileObjection('rec-000002');
    const subjectId = (await record('rec-000002')).subjectId;
    const res = await anonymous().post('/api/reports').send({ subjectId, kind: 'public' });
    const shown = res.body.records.find((r: { id: string }) => r.id === 'rec-000002');
    expect(shown.annotations).toEqual(['objection']);
  });

  test('a subject with nothing the kind may show gets a report saying so, without a name', async () => {
    const body = { subjectId: '91999999DM000999XT', kind: 'public' };
    // A well-formed identifier nobody holds records for.
    const res = await anonymous()
      .post('/api/reports')
      .send({ ...body, subjectId: validUnknownId() });
    expect(res.status).toBe(201);
    expect(res.body.records).toEqual([]);
    expect(res.body.subject.name).toBeNull();
  });

  test('bad input is a 422/415 problem, never a 500', async () => {
    const bad = [
      {},
      { subjectId: '91999999DM000001X0', kind: 'public' },
      { subjectId: orgId, kind: 'score' },
      { subjectId: orgId, kind: 'authorized' },
      { subjectId: 12, kind: 'public' },
    ];
    for (const body of bad) {
      const res = await anonymous().post('/api/reports').send(body);
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    const text = await anonymous().post('/api/reports').set('Content-Type', 'text/plain').send('hello');
    expect(text.status).toBe(415);
    const badToken = await request(t.app)
      .post('/api/reports')
      .set('Authorization', 'Bearer nope')
      .send({ subjectId: orgId, kind: 'public' });
    expect(badToken.status).toBe(401);
  });
});

/** A well-formed 统一社会信用代码 past the demo's numbering, so nobody holds records under it. */
function validUnknownId(): string {
  const body = '91999999DM999999X';
  return body + creditCodeCheckChar(body);
}

describe('厦门查询规则第十条: the watermark binds code, time, subject and content (GET /api/reports/:code/verify)', () => {
  let report: { code: string; watermark: string };
  let other: { code: string; watermark: string };
  beforeAll(async () => {
    report = (await anonymous().post('/api/reports').send({ subjectId: orgId, kind: 'public' })).body;
    other = (await anonymous().post('/api/reports').send({ subjectId: personId, kind: 'public' })).body;
  });
  const verify = (code: string, watermark: string) =>
    anonymous().get(`/api/reports/${code}/verify?watermark=${encodeURIComponent(watermark)}`);
  const altered = (changes: Partial<Record<'code' | 'queriedAt' | 'subjectId' | 'contentHash', string>>) => {
    const claims = readWatermark(TEST_SIGNING_KEY, report.watermark)!;
    const [, signature] = report.watermark.split('.');
    const [payload] = signWatermark(TEST_SIGNING_KEY, { ...claims, ...changes }).split('.');
    return `${payload}.${signature}`; // the claims changed, the original signature kept
  };

  test('a genuine report verifies, without a token, and says what it shows', async () => {
    const res = await verify(report.code, report.watermark);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      code: report.code,
      valid: true,
      queriedAt: expect.stringMatching(/\+08:00$/),
      subjectId: orgId,
      contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  test('an altered time, subject or content hash is not valid', async () => {
    for (const change of [
      { queriedAt: '2026-09-30T01:59:59.000Z' },
      { subjectId: personId },
      { contentHash: '0'.repeat(64) },
      { code: other.code },
    ]) {
      const res = await verify(report.code, altered(change));
      expect(res.body).toEqual({
        code: report.code,
        valid: false,
        queriedAt: null,
        subjectId: null,
        contentHash: null,
      });
    }
  });

  test("another report's watermark is not valid for this code, and a forged signature is not valid", async () => {
    expect((await verify(report.code, other.watermark)).body.valid).toBe(false);
    expect(
      (
        await verify(
          report.code,
          report.watermark.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
        )
      ).body.valid,
    ).toBe(false);
    expect((await verify(report.code, 'garbage')).body.valid).toBe(false);
  });

  test('an unknown or altered code is 404; a missing watermark is 422', async () => {
    expect(
      (
        await verify(
          report.code.replace(/.$/, (c) => (c === '0' ? '1' : '0')),
          report.watermark,
        )
      ).status,
    ).toBe(404);
    expect((await anonymous().get(`/api/reports/${report.code}/verify`)).status).toBe(422);
  });

  test('what was shown is stored and cannot be rewritten (append-only)', async () => {
    const row = await t.db.knex('reports').where({ code: report.code }).first();
    expect(JSON.parse(row.content).subject.id).toBe(orgId);
    await expect(
      t.db.knex('reports').where({ code: report.code }).update({ content: '{}' }),
    ).rejects.toMatchObject({
      message: expect.stringMatching(/append-only/),
    });
  });
});

describe('厦门查询规则第十二条: every query and every refusal is logged', () => {
  test('a report is logged with who, when, kind, purpose, subject, code and the record ids returned', async () => {
    const res = await t
      .as('demo-supervisor')
      .post('/api/reports')
      .send({ subjectId: orgId, kind: 'government', purpose: 'commendation' });
    expect(await lastLog()).toMatchObject({
      actor_role: 'supervisor',
      actor_id: 'demo-supervisor',
      kind: 'government',
      purpose: 'commendation',
      subject_id: orgId,
      report_code: res.body.code,
      outcome: 'provided',
      record_ids: JSON.stringify(ids(res)),
    });
  });

  test('refused attempts are logged with the refusal', async () => {
    await t
      .as('demo-admin')
      .post('/api/reports')
      .send({ subjectId: orgId, kind: 'government', purpose: 'other' });
    expect(await lastLog()).toMatchObject({
      actor_role: 'admin',
      kind: 'government',
      outcome: 'refused',
      refusal: 'forbidden',
      report_code: null,
    });
    await anonymous().post('/api/reports').send({ subjectId: orgId, kind: 'self' });
    expect(await lastLog()).toMatchObject({
      actor_role: 'anonymous',
      kind: 'self',
      subject_id: orgId,
      outcome: 'refused',
      refusal: 'unauthenticated',
    });
    await anonymous()
      .post('/api/reports')
      .send({ subjectId: 'x'.repeat(300), kind: 'nonsense', purpose: 'y'.repeat(300) });
    expect(await lastLog()).toMatchObject({ kind: null, outcome: 'refused', refusal: 'validation-failed' });
  });

  test('GET /api/query-log: staff see entries, newest first, refusals included', async () => {
    const res = await t.as('demo-clerk').get(`/api/query-log?subjectId=${orgId}&pageSize=200`);
    expect(res.status).toBe(200);
    expect(res.body.total).toBeGreaterThan(5);
    const entry = res.body.items[0];
    expect(Object.keys(entry).sort()).toEqual(
      [
        'actor',
        'at',
        'authorizationCode',
        'detail',
        'kind',
        'outcome',
        'purpose',
        'recordIds',
        'refusal',
        'reportCode',
        'subjectId',
      ].sort(),
    );
    expect(entry.at).toMatch(/\+08:00$/);
    expect(res.body.items.map((e: { outcome: string }) => e.outcome)).toEqual(
      expect.arrayContaining(['provided', 'refused']),
    );
    for (const e of res.body.items) expect(e.subjectId).toBe(orgId);
  });

  test('a subject sees who queried it and why — its own entries only, whatever it asks for', async () => {
    const own = await t.as('demo-subject-org').get('/api/query-log?pageSize=200');
    expect(own.body.total).toBeGreaterThan(0);
    for (const e of own.body.items) expect(e.subjectId).toBe(orgId);
    expect(own.body.items.map((e: { actor: { role: string } }) => e.actor.role)).toEqual(
      expect.arrayContaining(['supervisor', 'anonymous']),
    );
    const others = await t.as('demo-subject-org').get(`/api/query-log?subjectId=${personId}`);
    expect(others.body).toMatchObject({ items: [], total: 0 });
  });

  test('a provider sees the queries its own unit made', async () => {
    const res = await t.as('demo-provider-b').get('/api/query-log?pageSize=200');
    expect(res.body.total).toBeGreaterThan(0);
    for (const e of res.body.items) expect(e.actor.unitId).toBe('unit-b');
  });

  test('no route changes or deletes a log entry; anonymous callers may not read it', async () => {
    expect((await request(t.app).get('/api/query-log')).status).toBe(401);
    expect((await t.as('demo-admin').delete('/api/query-log')).status).toBe(404);
    expect((await t.as('demo-admin').put('/api/query-log')).status).toBe(404);
    expect((await t.as('demo-clerk').get('/api/query-log?subjectId=nonsense')).status).toBe(422);
  });
});

describe('the answers match their documented OpenAPI schemas', () => {
  const members = (name: string) => {
    const schema = openApiDocument().components.schemas[name] as { required: string[]; properties: object };
    expect(Object.keys(schema.properties).sort()).toEqual([...schema.required].sort());
    return [...schema.required].sort();
  };

  test('CreditReport, ReportRecord, ReportVerification, QueryLogEntry, Authorization', async () => {
    const report = await t
      .as('demo-subject-org')
      .post('/api/reports')
      .send({ subjectId: orgId, kind: 'self' });
    expect(Object.keys(report.body).sort()).toEqual(members('CreditReport'));
    for (const r of report.body.records) expect(Object.keys(r).sort()).toEqual(members('ReportRecord'));
    const verify = await anonymous().get(
      `/api/reports/${report.body.code}/verify?watermark=${encodeURIComponent(report.body.watermark)}`,
    );
    expect(Object.keys(verify.body).sort()).toEqual(members('ReportVerification'));
    const log = await t.as('demo-clerk').get('/api/query-log');
    expect(Object.keys(log.body).sort()).toEqual(members('QueryLogPage'));
    expect(Object.keys(log.body.items[0]).sort()).toEqual(members('QueryLogEntry'));
    const auth = await t
      .as('demo-subject-org')
      .post('/api/authorizations')
      .send({ purpose: 'x', expiresOn: '2026-12-31' });
    expect(Object.keys(auth.body).sort()).toEqual(members('Authorization'));
  });
});
