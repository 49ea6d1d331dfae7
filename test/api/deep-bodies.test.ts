import { testApp, type TestApp } from '../support/app';
import { freshCase } from '../support/fresh-case';

/** Issue 13: a body nested 5,000–10,000 deep on a case action answered 500 (payload converter). */
let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

/** Raw JSON text: a client-side JSON.stringify of 10,000 levels would overflow before sending. */
const nestedJson = (depth: number): string => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
const nested = (depth: number): unknown => JSON.parse(nestedJson(depth));
const actionBody = (fields: string, depth: number) => `{${fields}"content":${nestedJson(depth)}}`;
const PROBLEM = /application\/problem\+json/;

describe('deeply nested bodies are refused before anything else (issue 13)', () => {
  test.each([5_000, 10_000])('%i deep, action the role may not take: 422, not 500', async (depth) => {
    const c = await freshCase(t);
    const res = await t
      .as('demo-provider-a')
      .post(`/api/cases/${c.id}/actions/uphold`)
      .type('json')
      .send(actionBody('"correction":"correct","reason":"x",', depth));
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body.type).toMatch(/body-too-deep$/);
  });

  test('10,000 deep, action allowed (correct in compare): 422 and the case is unchanged', async () => {
    const c = await freshCase(t);
    const res = await t
      .as('demo-clerk')
      .post(`/api/cases/${c.id}/actions/correct`)
      .type('json')
      .send(actionBody('"reason":"x",', 10_000));
    expect(res.status).toBe(422);
    expect((await t.as('demo-clerk').get(`/api/cases/${c.id}`)).body.state).toBe('compare');
  });

  test('content within the body limit but deeper than record content may be: 422 naming content', async () => {
    const c = await freshCase(t);
    const res = await t
      .as('demo-clerk')
      .post(`/api/cases/${c.id}/actions/correct`)
      .send({ content: nested(20), reason: 'x' });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].field).toBe('body.content');
  });

  test('content with too many keys: 422', async () => {
    const c = await freshCase(t);
    const content = Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`k${i}`, i]));
    const res = await t
      .as('demo-clerk')
      .post(`/api/cases/${c.id}/actions/correct`)
      .send({ content, reason: 'x' });
    expect(res.status).toBe(422);
  });

  test.each([
    ['demo-clerk', 403],
    ['demo-provider-a', 409],
  ])(
    '%s: a refused role or state with an invalid body is %i, and the body never reaches the engine',
    async (token, status) => {
      const c = await freshCase(t);
      const update = jest.spyOn(t.engine, 'update');
      const res = await t
        .as(token)
        .post(`/api/cases/${c.id}/actions/uphold`)
        .send({ correction: 42, content: 'nope' });
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(update).not.toHaveBeenCalled();
      update.mockRestore();
    },
  );

  test('a body over the size limit: 413 problem+json', async () => {
    const c = await freshCase(t);
    const res = await t
      .as('demo-clerk')
      .post(`/api/cases/${c.id}/actions/reject`)
      .send({ reason: 'x'.repeat(300 * 1024) });
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toMatch(PROBLEM);
  });
});
