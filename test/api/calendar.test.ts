import { testApp, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const deadline = (from: string, days: number | string, token = 'demo-clerk') =>
  t.as(token).get(`/api/calendar/deadline?from=${encodeURIComponent(from)}&days=${days}`);

describe('GET /api/calendar/deadline', () => {
  test('厦门办法第二十五条 with 2026 国庆 调休: 2026-09-30 + 6 working days ends 2026-10-14 24:00', async () => {
    const res = await deadline('2026-09-30T10:00:00+08:00', 6);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      from: '2026-09-30T10:00:00+08:00',
      days: 6,
      deadline: '2026-10-15T00:00:00.000+08:00',
      deadlineDate: '2026-10-14',
      provisional: false,
    });
  });

  test('民法典第二百零一条: a start on a holiday counts from the next working day', async () => {
    const res = await deadline('2026-10-03T09:00:00+08:00', 2);
    expect(res.body.deadlineDate).toBe('2026-10-09');
  });

  test('a deadline that counts days of unpublished 2027 is provisional', async () => {
    const res = await deadline('2026-12-28T10:00:00+08:00', 6);
    expect(res.body.provisional).toBe(true);
  });

  test('every signed-in role may read it; without a token it is 401 problem+json', async () => {
    for (const token of ['demo-admin', 'demo-supervisor', 'demo-provider-a']) {
      expect((await deadline('2026-09-30T10:00:00+08:00', 1, token)).status).toBe(200);
    }
    const res = await deadline('2026-09-30T10:00:00+08:00', 1, 'no-such-token');
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.type).toMatch(/unauthenticated$/);
  });

  test.each([
    ['not an instant', 'yesterday', 1, 'query.from'],
    ['an instant without offset', '2026-09-30T10:00:00', 1, 'query.from'],
    ['days 0', '2026-09-30T10:00:00+08:00', 0, 'query.days'],
    ['days 400', '2026-09-30T10:00:00+08:00', 400, 'query.days'],
    ['days 1.5', '2026-09-30T10:00:00+08:00', 1.5, 'query.days'],
    ['days missing', '2026-09-30T10:00:00+08:00', '', 'query.days'],
    ['an instant in the year 9999', '9999-12-01T10:00:00Z', 30, 'query.from'],
    ['a fraction finer than nanoseconds', '2026-09-30T10:00:00.1234567891+08:00', 1, 'query.from'],
  ])('refuses %s with 422 naming the field', async (_case, from, days, field) => {
    const res = await deadline(from, days);
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });
});

describe('calendar administration', () => {
  test('GET /api/calendar/days lists a published year with its 调休 workdays', async () => {
    const res = await t.as('demo-clerk').get('/api/calendar/days?year=2026');
    expect(res.status).toBe(200);
    expect(res.body.published).toBe(true);
    expect(res.body.publishedAt).toMatch(/\+08:00$/);
    expect(res.body.days).toContainEqual(expect.objectContaining({ date: '2026-10-10', kind: 'workday' }));
  });

  test('2027 is not published yet: never silently treated as known', async () => {
    const res = await t.as('demo-clerk').get('/api/calendar/days?year=2027');
    expect(res.body).toMatchObject({ year: 2027, published: false });
  });

  test('an admin override moves a deadline, is audited with who and why, and raises calendar-changed', async () => {
    const before = (await deadline('2026-11-02T10:00:00+08:00', 3)).body.deadlineDate;
    expect(before).toBe('2026-11-05');
    const changesBefore = t.calendarChanges;
    const put = await t
      .as('demo-admin')
      .put('/api/calendar/days/2026-11-04')
      .send({ kind: 'holiday', name: '临时休假', reason: '市政府通知' });
    expect(put.status).toBe(200);
    expect((await deadline('2026-11-02T10:00:00+08:00', 3)).body.deadlineDate).toBe('2026-11-06');
    expect(t.calendarChanges).toBe(changesBefore + 1);

    const audit = await t.db
      .knex('audit_log')
      .where({ entity_type: 'calendar', entity_id: '2026-11-04' })
      .first();
    expect(audit).toMatchObject({ actor_id: 'demo-admin', action: 'calendar.day.set', reason: '市政府通知' });
    const outbox = await t.db.knex('outbox_events').where({ kind: 'calendar.changed' });
    expect(outbox.map((o) => JSON.parse(o.payload))).toEqual([
      { action: 'calendar.day.set', entityId: '2026-11-04' },
    ]);

    const del = await t.as('demo-admin').delete('/api/calendar/days/2026-11-04').send({ reason: '通知撤回' });
    expect(del.status).toBe(200);
    expect((await deadline('2026-11-02T10:00:00+08:00', 3)).body.deadlineDate).toBe('2026-11-05');
  });

  test('publishing 2027 makes its deadlines no longer provisional', async () => {
    const res = await t
      .as('demo-admin')
      .post('/api/calendar/years/2027/publish')
      .send({ reason: '国务院办公厅通知已发布' });
    expect(res.status).toBe(200);
    expect(res.body.published).toBe(true);
    expect(res.body.publishedAt).toMatch(/\+08:00$/);
    expect((await deadline('2026-12-28T10:00:00+08:00', 6)).body.provisional).toBe(false);
  });

  test('only an admin may change the calendar (403 for the others)', async () => {
    for (const token of ['demo-clerk', 'demo-supervisor', 'demo-provider-a']) {
      const res = await t
        .as(token)
        .put('/api/calendar/days/2026-11-04')
        .send({ kind: 'holiday', name: 'x', reason: 'y' });
      expect(res.status).toBe(403);
      expect(res.body.type).toMatch(/forbidden$/);
    }
  });

  test.each([
    ['/api/calendar/days/2026-02-30', { kind: 'holiday', name: 'x', reason: 'y' }, 'path.date'],
    ['/api/calendar/days/not-a-date', { kind: 'holiday', name: 'x', reason: 'y' }, 'path.date'],
    ['/api/calendar/days/2026-11-04', { kind: 'weekend', name: 'x', reason: 'y' }, 'body.kind'],
    ['/api/calendar/days/2026-11-04', { kind: 'holiday', name: 'x' }, 'body.reason'],
    ['/api/calendar/days/1899-10-01', { kind: 'holiday', name: 'x', reason: 'y' }, 'path.date'],
  ])('PUT %s %j is refused naming %s', async (url, body, field) => {
    const res = await t.as('demo-admin').put(url).send(body);
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  test('year 1899 is refused', async () => {
    const res = await t.as('demo-admin').post('/api/calendar/years/1899/publish').send({ reason: 'x' });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].field).toBe('path.year');
  });

  test('a malformed JSON body is 400 problem+json, an oversized one 413', async () => {
    const bad = await t
      .as('demo-admin')
      .put('/api/calendar/days/2026-11-04')
      .set('Content-Type', 'application/json')
      .send('{"kind":');
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    const big = await t
      .as('demo-admin')
      .put('/api/calendar/days/2026-11-04')
      .send({ kind: 'holiday', name: 'x'.repeat(300_000), reason: 'y' });
    expect(big.status).toBe(413);
  });

  test('a body that is not JSON is 415, not read as missing fields', async () => {
    const res = await t
      .as('demo-admin')
      .put('/api/calendar/days/2026-11-04')
      .set('Content-Type', 'text/plain')
      .send('kind=holiday');
    expect(res.status).toBe(415);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  test('removing an override that does not exist is 404', async () => {
    const res = await t.as('demo-admin').delete('/api/calendar/days/2026-11-18').send({ reason: 'x' });
    expect(res.status).toBe(404);
  });
});
