/**
 * Calendar changes reach running cases even when the engine's list of running workflows lags (Temporal
 * visibility): an event stays undelivered, and is broadcast again, until the list is certain to be complete.
 */
import { calendarBroadcaster } from '../../api/calendar-broadcast';
import { setCalendarDay } from '../../db/calendar';
import { testApp, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

test('an event newer than the visibility lag is broadcast but kept for a follow-up run', async () => {
  const filed = await t.fileObjection('rec-000004');
  const createdAt = '2026-09-30T02:00:00.000Z';
  await setCalendarDay(
    t.db.knex,
    { date: '2026-10-09', kind: 'holiday', name: '停工' },
    { at: createdAt, actor: { role: 'admin', userId: 'demo-admin' }, reason: '测试' },
  );
  let now = Date.parse(createdAt) + 1_000;
  const broadcaster = calendarBroadcaster(t.db.knex, t.engine, () => new Date(now), 10_000);
  try {
    await broadcaster.deliver();
    const pending = await t.db.knex('outbox_events').whereNull('delivered_at');
    expect(pending).toHaveLength(1); // within the lag: a case may still be missing from the list
    const timeline = (await t.as('demo-clerk').get(`/api/cases/${filed.id}`)).body.timeline;
    expect(timeline.at(-1).event).toBe('deadline-moved'); // …but the listed case was told already

    now += 10_000;
    await broadcaster.deliver();
    expect(await t.db.knex('outbox_events').whereNull('delivered_at')).toHaveLength(0);
  } finally {
    broadcaster.close();
  }
});

test('issue 9: a change reaches only the cases whose open deadlines it can move', async () => {
  const near = await t.fileObjection('rec-000005');
  const signals = async (id: string) =>
    ((await t.history(id)).events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes).length;
  const before = await signals(near.id);
  const broadcaster = calendarBroadcaster(t.db.knex, t.engine, () => new Date(Date.now() + 60_000), 0);
  try {
    // Far past the compare stage's 2 working days: nothing of this case can move.
    await setCalendarDay(
      t.db.knex,
      { date: '2027-03-01', kind: 'holiday', name: '远期停工' },
      { at: new Date().toISOString(), actor: { role: 'admin', userId: 'demo-admin' }, reason: '测试' },
    );
    await broadcaster.deliver();
    await t.settled();
    expect(await signals(near.id)).toBe(before);
    // A working day inside its open stage: told.
    const [compare] = near.stages as { deadlineDate: string }[];
    await setCalendarDay(
      t.db.knex,
      { date: compare.deadlineDate, kind: 'holiday', name: '临时停工' },
      { at: new Date().toISOString(), actor: { role: 'admin', userId: 'demo-admin' }, reason: '测试' },
    );
    await broadcaster.deliver();
    await t.settled();
    expect(await signals(near.id)).toBe(before + 1);
  } finally {
    broadcaster.close();
  }
});
