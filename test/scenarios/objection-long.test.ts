/**
 * A provider unit that never answers: the case reminds every working day for months. Its history would
 * grow without end, so the workflow continues as new past CONTINUE_AS_NEW_AFTER_EVENTS, carrying the
 * case; nothing is lost or sent twice, and the late answer still closes it.
 */
import { replayHistories } from '../../engine';
import { CONTINUE_AS_NEW_AFTER_EVENTS } from '../../workflows/objection';
import { WORKFLOWS_PATH, testApp, type TestApp } from '../support/app';

let t: TestApp;
afterAll(() => t.close());

test('厦门办法第二十六条 over months: reminders continue, the case continues as new, and the late result still closes it', async () => {
  t = await testApp();
  const { id } = await t.fileObjection('rec-000003');
  await t.as('demo-clerk').post(`/api/cases/${id}/actions/forward`).send({});

  // About sixteen months of daily reminders (a timer, a workflow task and the step's marker each) make
  // CONTINUE_AS_NEW_AFTER_EVENTS events.
  await t.advanceTo('2028-03-31T02:00:00.000Z');
  const runs = t.inProcess().runs(id);
  expect(runs.length).toBeGreaterThan(1);
  expect(runs.slice(0, -1).every((r) => r.status === 'continued')).toBe(true);
  for (const r of runs) {
    expect(t.inProcess().history(id, r.runId).events!.length).toBeLessThanOrEqual(
      CONTINUE_AS_NEW_AFTER_EVENTS + 50,
    );
  }

  const during = (await t.as('demo-clerk').get(`/api/cases/${id}`)).body;
  expect(during).toMatchObject({ state: 'verify', breached: true, suspended: true });
  const reminders = during.timeline.filter((e: { event: string }) =>
    ['reminded', 'escalated'].includes(e.event),
  );
  expect(reminders.length).toBeGreaterThan(100);
  expect(during.timeline[0].event).toBe('accepted'); // the carried timeline starts where the case did
  // Every reminder was claimed once: one notification per rung, however many runs.
  const keys = await t.db.knex('notifications').where({ case_id: id }).pluck('key');
  expect(new Set(keys).size).toBe(keys.length);
  expect(await t.db.knex('sla_breaches').where({ case_id: id })).toHaveLength(1);

  const dismissed = await t
    .as('demo-provider-a')
    .post(`/api/cases/${id}/actions/dismiss`)
    .send({ reason: '信息准确' });
  expect(dismissed.status).toBe(200);
  expect((await t.as('demo-clerk').get('/api/records/rec-000003')).body.visibility.visible).toBe(true);
  const closed = await t.as('demo-clerk').post(`/api/cases/${id}/actions/process`).send({});
  expect(closed.body).toMatchObject({ state: 'closed', outcome: 'kept' });
  expect(closed.body.timeline.map((e: { at: string }) => e.at)).toEqual(
    [...closed.body.timeline.map((e: { at: string }) => e.at)].sort(),
  );

  const outcomes = await replayHistories({
    workflowsPath: WORKFLOWS_PATH,
    histories: t
      .inProcess()
      .runs(id)
      .map((r) => ({ workflowId: id, history: t.inProcess().history(id, r.runId) })),
  });
  expect(outcomes.every((o) => o.error === undefined)).toBe(true);
}, 120_000);
