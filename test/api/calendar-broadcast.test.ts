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
