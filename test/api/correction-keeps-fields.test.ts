import { testApp, type TestApp } from '../support/app';
import { freshCase } from '../support/fresh-case';

/**
 * Issue 13: a correction replaced the record's whole content, so entering only `summary` silently
 * dropped `title`, `decisionNumber` and `basis`. Now a correction merges, or names what it removes.
 */
let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const recordOf = async (caseId: string) => {
  const c = (await t.as('demo-clerk').get(`/api/cases/${caseId}`)).body;
  return (await t.as('demo-clerk').get(`/api/records/${c.recordId}`)).body;
};
const act = (token: string, caseId: string, action: string, body: object) =>
  t.as(token).post(`/api/cases/${caseId}/actions/${action}`).send(body);

describe('a correction cannot drop fields silently (issue 13)', () => {
  test('clerk correct with only summary: 422 listing the fields it would remove; nothing changes', async () => {
    const c = await freshCase(t);
    const before = await recordOf(c.id);
    const res = await act('demo-clerk', c.id, 'correct', {
      content: { summary: '已更正' },
      reason: '比对有误',
    });
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.removedFields.sort()).toEqual(['basis', 'decisionNumber', 'title']);
    expect(res.body.errors[0].field).toBe('body.content');
    expect((await t.as('demo-clerk').get(`/api/cases/${c.id}`)).body.state).toBe('compare');
    expect(await recordOf(c.id)).toEqual(before);
  });

  test('clerk correct with merge: the other fields are kept', async () => {
    const c = await freshCase(t);
    const before = await recordOf(c.id);
    const res = await act('demo-clerk', c.id, 'correct', {
      content: { summary: '已更正' },
      merge: true,
      reason: '比对有误',
    });
    expect(res.status).toBe(200);
    expect((await recordOf(c.id)).content).toEqual({ ...before.content, summary: '已更正' });
  });

  test('clerk correct naming the removals: exactly those fields go', async () => {
    const c = await freshCase(t);
    const before = await recordOf(c.id);
    const res = await act('demo-clerk', c.id, 'correct', {
      content: { ...before.content, summary: '已更正', basis: undefined },
      removeFields: ['basis'],
      reason: '比对有误',
    });
    expect(res.status).toBe(200);
    const { basis: _gone, ...kept } = before.content;
    expect((await recordOf(c.id)).content).toEqual({ ...kept, summary: '已更正' });
  });

  test('provider uphold with correction=correct and only summary: 422; with merge it is applied at process', async () => {
    const c = await freshCase(t);
    const before = await recordOf(c.id);
    expect((await act('demo-clerk', c.id, 'forward', {})).status).toBe(200);
    const refused = await act('demo-provider-a', c.id, 'uphold', {
      correction: 'correct',
      content: { summary: '核查后更正' },
      reason: '核查属实',
    });
    expect(refused.status).toBe(422);
    expect(refused.body.removedFields.sort()).toEqual(['basis', 'decisionNumber', 'title']);
    const upheld = await act('demo-provider-a', c.id, 'uphold', {
      correction: 'correct',
      content: { summary: '核查后更正' },
      merge: true,
      reason: '核查属实',
    });
    expect(upheld.status).toBe(200);
    expect((await act('demo-clerk', c.id, 'process', {})).status).toBe(200);
    expect((await recordOf(c.id)).content).toEqual({ ...before.content, summary: '核查后更正' });
  });

  test('a role or state that may not correct at all is still answered 403/409, not with the removals', async () => {
    const c = await freshCase(t);
    const body = { correction: 'correct', content: { summary: '新' }, reason: '核查属实' };
    expect((await act('demo-provider-a', c.id, 'uphold', body)).status).toBe(409);
    expect((await act('demo-clerk', c.id, 'uphold', body)).status).toBe(403);
  });

  test('removeFields that content also sets is contradictory: 422', async () => {
    const c = await freshCase(t);
    const before = await recordOf(c.id);
    const res = await act('demo-clerk', c.id, 'correct', {
      content: before.content,
      removeFields: ['title'],
      reason: '比对有误',
    });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].field).toBe('body.removeFields');
  });
});
