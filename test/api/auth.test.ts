import request from 'supertest';
import { testApp, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

describe('authentication and the problem+json contract', () => {
  test('GET /healthz answers without credentials and names the engine and database', async () => {
    const res = await request(t.app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', engine: 'in-process', database: t.db.kind });
  });

  test('no Authorization header → 401 problem+json', async () => {
    const res = await request(t.app).get('/api/calendar/days?year=2026');
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 401, title: expect.stringContaining('凭证') });
  });

  test('a wrong token and a malformed header → 401', async () => {
    expect((await t.as('demo-nobody').get('/api/calendar/days?year=2026')).status).toBe(401);
    const res = await request(t.app).get('/api/calendar/days?year=2026').set('Authorization', 'Basic abc');
    expect(res.status).toBe(401);
  });

  test('GET /api/me names the token owner, with the unit of a provider', async () => {
    expect((await t.as('demo-provider-b').get('/api/me')).body).toEqual({
      id: 'demo-provider-b',
      name: '演示核查员乙',
      role: 'provider',
      unitId: 'unit-b',
      subjectId: null,
    });
    expect((await t.as('demo-clerk').get('/api/me')).body).toMatchObject({ role: 'clerk', unitId: null });
  });

  test('厦门查询规则第六条第一项: a subject signs in as itself and /api/me carries its subjectId', async () => {
    const org = (await t.as('demo-subject-org').get('/api/me')).body;
    expect(org).toEqual({
      id: 'demo-subject-org',
      name: expect.stringMatching(/示例|演示|测试/),
      role: 'subject',
      unitId: null,
      subjectId: expect.stringMatching(/^[0-9A-Z]{18}$/),
    });
    const person = (await t.as('demo-subject-person').get('/api/me')).body;
    expect(person).toMatchObject({ role: 'subject', subjectId: expect.stringMatching(/^\d{17}[\dX]$/) });
    // Each owns demo records.
    for (const subjectId of [org.subjectId, person.subjectId]) {
      const records = await t.as('demo-clerk').get(`/api/records?subjectId=${subjectId}`);
      expect(records.body.total).toBeGreaterThan(0);
    }
  });

  test('a subject is not staff: the staff routes refuse it (403)', async () => {
    for (const url of ['/api/records', '/api/cases', '/api/tasks', '/api/sla/summary']) {
      expect((await t.as('demo-subject-org').get(url)).status).toBe(403);
    }
  });

  test('tokens are stored hashed, never in clear', async () => {
    const rows = await t.db.knex('users').select('token_hash');
    expect(rows.length).toBe(7);
    for (const row of rows) {
      expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(row.token_hash).not.toMatch(/^demo-/);
    }
  });

  test('an unknown route is a 404 problem, never an HTML page', async () => {
    const res = await t.as('demo-clerk').get('/api/nothing-here');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.type).toMatch(/not-found$/);
  });
});
