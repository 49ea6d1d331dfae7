/**
 * Issue 13, security: credit-report queries are rate-limited per address (they answer anonymous callers,
 * so no user budget applies), with 429 problem+json and Retry-After. There is no sign-in route: callers
 * present a bearer token on every request, and token guessing is limited per address before
 * authentication (test/api/security.test.ts).
 */
import { testApp, type TestApp } from '../support/app';

let t: TestApp;
afterEach(() => t?.close());

test('the ipPerMinute budget caps report queries: 429 problem+json with Retry-After, nothing issued', async () => {
  t = await testApp({ security: { corsOrigins: [], ipPerMinute: 3, userPerMinute: 1000 } });
  const subjectId: string = await t.db
    .knex('records')
    .orderBy('id')
    .first('subject_id')
    .then((r) => r.subject_id);
  const ask = () =>
    t.as('no-token').post('/api/reports').unset('Authorization').send({ subjectId, kind: 'public' });
  const statuses = [];
  for (let i = 0; i < 3; i++) statuses.push((await ask()).status);
  expect(statuses).toEqual([201, 201, 201]);
  const before = await t.db.knex('reports').count({ n: '*' }).first();
  const refused = await ask();
  expect(refused.status).toBe(429);
  expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
  expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  expect(refused.body).toMatchObject({ type: expect.stringMatching(/too-many-requests$/), status: 429 });
  expect(refused.body.detail).toMatch(/请求过于频繁.*Too many requests/);
  const after = await t.db.knex('reports').count({ n: '*' }).first();
  expect(Number(after?.n)).toBe(Number(before?.n)); // refused before any report was issued or logged
});
