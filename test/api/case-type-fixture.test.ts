/**
 * Issue 9: a case type added through the registry alone (test/fixtures/announcement-*), driven over
 * HTTP on whichever engine CREDIT_TEST_ENGINE names — its filing route, the generic list, case and
 * action routes, the OpenAPI document and the console's case-type document all come from the entry.
 * Its second stage runs 30 calendar days (民法典第二百零一、二百零三条) and ends by a plain timer.
 */
import path from 'node:path';
import { WITH_ANNOUNCEMENTS } from '../fixtures/announcement-api';
import { testApp, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await testApp({
    caseTypes: {
      api: WITH_ANNOUNCEMENTS,
      workflowsPath: path.join(__dirname, '..', 'fixtures', 'case-workflows.ts'),
    },
  });
});
afterAll(() => t.close());

test('a fixture type is filed, listed, acted on and closed by its timer over HTTP', async () => {
  const clerk = t.as('demo-clerk');
  const filed = await clerk.post('/api/fixture-announcements').send({ recordId: 'rec-000002' });
  expect(filed.status).toBe(201);
  expect(filed.body).toMatchObject({
    type: 'fixture-announcement',
    state: 'review',
    recordId: 'rec-000002',
    allowedActions: ['post', 'withdraw'],
    stages: [{ name: 'review', period: { unit: 'working-days', count: 2 }, budgetDays: 2 }],
  });
  const id = filed.body.id as string;

  const listed = await clerk.get('/api/cases?type=fixture-announcement');
  expect(listed.body.items.map((c: { id: string }) => c.id)).toEqual([id]);

  // The registry's rules, answered by the generic routes.
  expect(
    (await t.as('demo-provider-a').post(`/api/cases/${id}/actions/post`).send({ where: '网站' })).status,
  ).toBe(403);
  expect((await clerk.post(`/api/cases/${id}/actions/post`).send({})).status).toBe(422);
  expect((await clerk.post(`/api/cases/${id}/actions/forward`).send({})).status).toBe(404);

  // 2026-10-09 (a Friday after 国庆): 30 calendar days end 2026-11-08, a Sunday, so the period runs to
  // the next working day, Monday 2026-11-09, 24:00 (民法典第二百零三条).
  await t.advanceTo('2026-10-09T02:00:00.000Z');
  const posted = await clerk.post(`/api/cases/${id}/actions/post`).send({ where: '信用厦门网站' });
  expect(posted.status).toBe(200);
  expect(posted.body).toMatchObject({
    state: 'announce',
    allowedActions: ['withdraw'],
    timers: [{ name: 'announce-ends', at: '2026-11-10T00:00:00.000+08:00' }],
  });
  expect(posted.body.stages[0]).toMatchObject({ name: 'review', deadlineDate: '2026-10-09' });
  expect(posted.body.stages[0]).toMatchObject({ name: 'review', deadlineDate: '2026-10-09' });
  expect(posted.body.stages[1]).toMatchObject({
    name: 'announce',
    period: { unit: 'calendar-days', count: 30 },
    budgetDays: null,
    deadlineDate: '2026-11-09',
  });

  await t.advanceTo('2026-11-09T15:00:00.000Z');
  await t.settled();
  expect((await clerk.get(`/api/cases/${id}`)).body.state).toBe('announce');
  await t.advanceTo('2026-11-09T16:00:30.000Z');
  await t.settled();
  const closed = (await clerk.get(`/api/cases/${id}`)).body;
  expect(closed).toMatchObject({ state: 'closed', outcome: 'announced', breached: false });
  // The review stage is a duty: the platform's ladder warned on its last working day, 2026-10-09.
  expect(closed.timeline.map((e: { event: string }) => e.event)).toEqual([
    'accepted',
    'due-soon',
    'posted',
    'announcement-ended',
  ]);
  // Not a duty: the end of the announcement is no SLA breach.
  expect(await t.db.knex('sla_breaches').where({ case_id: id })).toEqual([]);
});

test('the fixture is in the OpenAPI document and the case-type document, from its entry alone', async () => {
  const doc = (await t.as('demo-clerk').get('/api/openapi.json')).body;
  expect(doc.paths['/api/fixture-announcements'].post.operationId).toBe('file_fixture-announcement');
  expect(doc.paths['/api/cases/{id}/actions/post']).toBeDefined();
  expect(doc.components.schemas.Case.properties.type.enum).toContain('fixture-announcement');
  const types = (await t.as('demo-supervisor').get('/api/case-types')).body;
  const fixture = types.items.find((x: { type: string }) => x.type === 'fixture-announcement');
  expect(fixture.stages.announce).toMatchObject({
    period: { unit: 'calendar-days', count: 30 },
    periodText: { zh: '30 日' },
  });
  const objection = types.items.find((x: { type: string }) => x.type === 'objection');
  expect(objection.stages.verify.periodText.zh).toBe('6 个工作日'); // 厦门办法第二十五条
});
