/**
 * Objection 异议 "2+6+2" end to end: HTTP → engine (real workflow code in the SDK sandbox, virtual
 * time) → activities → SQLite/PostgreSQL, read back through the API as a user would.
 */
import type { Response } from 'supertest';
import { annotateObjection } from '../../db/records';
import { OBJECTION_WORKFLOW } from '../../workflows/messages';
import { testApp, type TestApp } from '../support/app';
import { workflowInstant } from '../support/instants';
import { objectionInput, TEST_APPLICANT as applicant } from '../support/objection-input';

let t: TestApp;
afterEach(() => t?.close());

const RECORD = 'rec-000001'; // unit-a, dishonesty, public, visible

const fileObjection = (recordId = RECORD) => t.fileObjection(recordId);

const act = (id: string, action: string, body: object = {}, token = 'demo-clerk') =>
  t.as(token).post(`/api/cases/${id}/actions/${action}`).send(body);
const getCase = async (id: string, token = 'demo-clerk') => (await t.as(token).get(`/api/cases/${id}`)).body;
const getRecord = async (id = RECORD) => (await t.as('demo-clerk').get(`/api/records/${id}`)).body;
const events = async (id: string) =>
  ((await getCase(id)).timeline as { event: string }[]).map((e) => e.event);
const advanceTo = (instant: string) => t.advanceTo(instant);

describe('厦门办法第二十四～二十六条: the objection case', () => {
  test('happy path with exact deadlines, accepted on the Friday before 国庆 (a 中秋 holiday)', async () => {
    t = await testApp({ start: '2026-09-25T02:00:00.000Z' }); // Fri 2026-09-25 10:00 +08:00
    const opened = await fileObjection();
    expect(opened).toMatchObject({ type: 'objection', state: 'compare', recordId: RECORD, breached: false });
    // 第二十五条: compare within 2 working days; the holiday weekend does not count → 09-28, 09-29.
    expect(opened.stages).toEqual([
      expect.objectContaining({
        name: 'compare',
        startedAt: '2026-09-25T10:00:00.000+08:00',
        deadline: '2026-09-30T00:00:00.000+08:00',
        deadlineDate: '2026-09-29',
        provisional: false,
      }),
    ]);
    // The Xiamen text excludes no time, so its profile offers no pause.
    expect(opened.allowedActions).toEqual(['forward', 'correct', 'reject', 'withdraw']);
    // 第二十六条: annotated at once.
    expect(await getRecord()).toMatchObject({
      flags: { objectionCaseId: opened.id },
      visibility: { visible: true },
      annotations: ['objection'],
    });

    await advanceTo('2026-09-29T07:00:00.000Z'); // Tue 15:00
    const forwarded = await act(opened.id, 'forward', { note: '与信息源不一致' });
    expect(forwarded.status).toBe(200);
    // 第二十五条: the provider has 6 working days: 09-30, 10-08, 10-09, 10-10 (调休), 10-12, 10-13.
    expect(forwarded.body.stages[1]).toMatchObject({
      name: 'verify',
      startedAt: workflowInstant('2026-09-29T15:00:00.000+08:00'),
      deadline: '2026-10-14T00:00:00.000+08:00',
      deadlineDate: '2026-10-13',
    });
    expect(forwarded.body.nextDeadline).toBe('2026-10-14T00:00:00.000+08:00');

    const inbox = await t.as('demo-provider-a').get('/api/tasks?status=open');
    expect(inbox.body.items).toEqual([
      expect.objectContaining({
        caseId: opened.id,
        caseType: 'objection',
        kind: 'verify',
        unitId: 'unit-a',
        dueAt: '2026-10-14T00:00:00.000+08:00',
        status: 'open',
        recordId: RECORD,
      }),
    ]);
    expect((await t.as('demo-provider-b').get('/api/tasks?status=open')).body.items).toEqual([]);

    await advanceTo('2026-10-12T02:00:00.000Z');
    const upheld = await act(
      opened.id,
      'uphold',
      {
        correction: 'correct',
        content: { penalty: '处罚决定已撤销' },
        // The whole content is replaced: each dropped field is named (issue 13).
        removeFields: ['title', 'decisionNumber', 'basis', 'summary'],
        reason: '经核查处罚已被撤销',
      },
      'demo-provider-a',
    );
    expect(upheld.status).toBe(200);
    // 第二十五条: the credit center has 2 working days from the result: 10-13, 10-14.
    expect(upheld.body).toMatchObject({ state: 'process', nextDeadline: '2026-10-15T00:00:00.000+08:00' });

    await advanceTo('2026-10-13T02:00:00.000Z');
    const processed = await act(opened.id, 'process', { note: '已更正' });
    expect(processed.body).toMatchObject({
      state: 'closed',
      outcome: 'corrected',
      nextDeadline: null,
      breached: false,
    });
    expect(processed.body.allowedActions).toEqual([]);
    expect(await getRecord()).toMatchObject({
      version: 2,
      content: { penalty: '处罚决定已撤销' },
      flags: { objectionCaseId: null, suspended: false },
      visibility: { visible: true },
    });
    const sent = await t.db.knex('notifications').where({ case_id: opened.id }).orderBy('id');
    expect(sent.map((n) => [n.recipient_kind, n.template])).toEqual([
      ['center', 'deadline.due-soon'], // the morning of 09-29, the last compare day
      ['provider', 'objection.verification-requested'],
      ['applicant', 'objection.closed'],
    ]);
    expect(await t.db.knex('sla_breaches').where({ case_id: opened.id })).toEqual([]);
    expect(await events(opened.id)).toEqual(['accepted', 'due-soon', 'forwarded', 'upheld', 'processed']);
  });

  test('compare `correct`: a platform-side error is corrected directly (南通办法第十四条)', async () => {
    t = await testApp();
    const c = await fileObjection();
    const res = await act(c.id, 'correct', {
      content: { penalty: '罚款500元' },
      removeFields: ['title', 'decisionNumber', 'basis', 'summary'],
      reason: '平台转换错误',
    });
    expect(res.body).toMatchObject({ state: 'closed', outcome: 'corrected' });
    expect(await getRecord()).toMatchObject({ version: 2, flags: { objectionCaseId: null } });
  });

  test('compare `reject`: out of scope, annotation removed, applicant told', async () => {
    t = await testApp();
    const c = await fileObjection();
    const res = await act(c.id, 'reject', { reason: '不属于异议受理范围' });
    expect(res.body).toMatchObject({ state: 'closed', outcome: 'rejected' });
    expect((await getRecord()).flags.objectionCaseId).toBeNull();
    const told = await t.db.knex('notifications').where({ case_id: c.id, recipient_kind: 'applicant' });
    expect(told).toHaveLength(1);
  });

  test('厦门办法第二十六条: provider late → breach, supervisor told, record suspended; its result unsuspends', async () => {
    t = await testApp(); // Wed 2026-09-30 10:00 +08:00
    const c = await fileObjection();
    await act(c.id, 'forward');
    // Verify: 6 working days from 09-30 → end of 10-14. Due-soon opens that morning.
    await advanceTo('2026-10-14T01:00:00.000Z');
    expect(await events(c.id)).toContain('due-soon');
    expect((await getRecord()).visibility.visible).toBe(true);

    await advanceTo('2026-10-14T16:00:00.000Z'); // 10-15 00:00 +08:00: the deadline has passed
    const late = await getCase(c.id);
    expect(late).toMatchObject({ state: 'verify', breached: true });
    expect(late.stages[1].breachedAt).toEqual(workflowInstant('2026-10-15T00:00:00.000+08:00'));
    expect(await getRecord()).toMatchObject({
      flags: { suspended: true },
      visibility: { visible: false, reasons: ['suspended'] },
    });
    const breaches = await t.db.knex('sla_breaches').where({ case_id: c.id });
    expect(breaches).toEqual([
      expect.objectContaining({ stage: 'verify', rung: 'breach', unit_id: 'unit-a' }),
    ]);
    const supervisor = await t.db
      .knex('notifications')
      .where({ case_id: c.id, recipient_kind: 'supervisor' });
    expect(supervisor.map((n) => n.template)).toEqual(['deadline.breached']);

    // Reminders continue each working day; the case keeps waiting.
    await advanceTo('2026-10-16T16:00:00.000Z');
    expect((await events(c.id)).filter((e) => e === 'reminded')).toHaveLength(2);
    expect(
      (await t.as('demo-supervisor').get('/api/cases?breached=true')).body.items.map(
        (i: { id: string }) => i.id,
      ),
    ).toEqual([c.id]);

    const dismissed = await act(c.id, 'dismiss', { reason: '信息准确无误' }, 'demo-provider-a');
    expect(dismissed.status).toBe(200);
    expect(await getRecord()).toMatchObject({
      flags: { suspended: false, objectionCaseId: c.id },
      visibility: { visible: true },
      annotations: ['objection'],
    });
    const done = await act(c.id, 'process');
    expect(done.body).toMatchObject({ state: 'closed', outcome: 'kept' });
  });

  test('厦门办法第二十六条: a breach that a calendar edit undoes lifts the suspension; the moved deadline can breach again', async () => {
    t = await testApp();
    const c = await fileObjection();
    await act(c.id, 'forward');
    await advanceTo('2026-10-14T17:00:00.000Z'); // 10-15 01:00: an hour past the verify deadline
    expect((await getRecord()).flags.suspended).toBe(true);

    for (const date of ['2026-10-13', '2026-10-14']) {
      const put = await t
        .as('demo-admin')
        .put(`/api/calendar/days/${date}`)
        .send({ kind: 'holiday', name: '台风停工', reason: '市政府补发停工通知' });
      expect(put.status).toBe(200);
    }
    // The calendar reaches running cases by signal; on a server they recompute a moment later.
    await t.settled();
    // 10-13 and 10-14 no longer count: the 6th working day is now 10-16.
    const onTime = await getCase(c.id);
    expect(onTime).toMatchObject({
      breached: false,
      suspended: false,
      nextDeadline: '2026-10-17T00:00:00.000+08:00',
    });
    expect(onTime.timeline.map((e: { event: string }) => e.event)).toContain('no-longer-overdue');
    expect(await getRecord()).toMatchObject({ flags: { suspended: false }, visibility: { visible: true } });

    await advanceTo('2026-10-16T17:00:00.000Z'); // past the moved deadline
    expect((await getRecord()).flags.suspended).toBe(true);
    const breaches = await t.db.knex('sla_breaches').where({ case_id: c.id }).orderBy('id');
    expect(breaches.map((b) => [b.rung, b.deadline])).toEqual([
      ['breach', '2026-10-14T16:00:00.000Z'],
      ['breach#1', '2026-10-16T16:00:00.000Z'],
    ]);
  });

  test('clerk late in process → breach, then the second-level escalation after three reminders', async () => {
    t = await testApp();
    const c = await fileObjection();
    await act(c.id, 'forward');
    await act(c.id, 'dismiss', { reason: '信息准确' }, 'demo-provider-a');
    // Process: 2 working days from 09-30 → 10-08, 10-09 → deadline 10-10 00:00 +08:00.
    await t.advanceWorkingDays(2); // 10-09 10:00: on time still
    expect(await t.db.knex('sla_breaches').where({ case_id: c.id })).toEqual([]);
    await advanceTo('2026-10-09T16:00:00.000Z');
    const breaches = await t.db.knex('sla_breaches').where({ case_id: c.id });
    expect(breaches).toEqual([expect.objectContaining({ stage: 'process', rung: 'breach', unit_id: null })]);
    expect((await getRecord()).visibility.visible).toBe(true); // only the provider's lateness suspends
    // Reminders at the end of 10-10 (调休 Saturday), 10-12, 10-13: the third escalates.
    await advanceTo('2026-10-13T16:00:00.000Z');
    const timeline = await events(c.id);
    expect(timeline.filter((e) => e === 'reminded')).toHaveLength(2);
    expect(timeline).toContain('escalated');
    const supervisor = await t.db
      .knex('notifications')
      .where({ case_id: c.id, recipient_kind: 'supervisor' });
    expect(supervisor.map((n) => n.template).sort()).toEqual(['deadline.breached', 'deadline.escalated']);
  });

  test.each([
    ['compare', [] as string[]],
    ['verify', ['forward']],
    ['process', ['forward', 'dismiss']],
  ])('withdrawal at %s removes the annotation and closes the case', async (_stage, before) => {
    t = await testApp();
    const c = await fileObjection();
    for (const action of before) {
      const token = action === 'dismiss' ? 'demo-provider-a' : 'demo-clerk';
      await act(c.id, action, action === 'dismiss' ? { reason: '准确' } : {}, token);
    }
    const res = await act(c.id, 'withdraw', { reason: '申请人撤回' });
    expect(res.body).toMatchObject({ state: 'closed', outcome: 'withdrawn' });
    expect((await getRecord()).flags.objectionCaseId).toBeNull();
    const open = await t.db.knex('tasks').where({ case_id: c.id, status: 'open' });
    expect(open).toEqual([]);
  });

  test('天津办法第十二条 (pause): paused working days across 国庆 extend the deadline; no breach while paused', async () => {
    // Tianjin: 3 working days in-house. Accepted Tue 09-29 10:00 → 09-30, 10-08, 10-09.
    t = await testApp({ start: '2026-09-29T02:00:00.000Z', profile: 'tianjin' });
    const c = await fileObjection();
    expect((await getCase(c.id)).stages[0].deadlineDate).toBe('2026-10-09');
    await advanceTo('2026-09-30T02:00:00.000Z');
    const paused = await act(c.id, 'pause', { reason: '专家评审' });
    expect(paused.body).toMatchObject({
      paused: true,
      nextDeadline: null,
      allowedActions: expect.arrayContaining(['resume']),
    });
    await advanceTo('2026-10-10T02:00:00.000Z'); // past the unpaused deadline (10-09 24:00): nothing happens
    expect((await getCase(c.id)).breached).toBe(false);
    expect(await t.db.knex('sla_breaches').where({ case_id: c.id })).toEqual([]);
    const resumed = await act(c.id, 'resume');
    // Paused over 10-08, 10-09 and 10-10 (调休 Saturday): three more working days → 10-13.
    expect(resumed.body.stages[0]).toMatchObject({
      deadlineDate: '2026-10-13',
      paused: [
        {
          from: workflowInstant('2026-09-30T10:00:00.000+08:00'),
          to: workflowInstant('2026-10-10T10:00:00.000+08:00'),
          reason: '专家评审',
        },
      ],
    });
  });

  test('厦门办法: the Xiamen periods exclude no time, so its profile refuses a pause (409)', async () => {
    t = await testApp();
    const c = await fileObjection();
    const res = await act(c.id, 'pause', { reason: '专家评审' });
    expect(res.status).toBe(409);
    expect(res.body.allowedActions).not.toContain('pause');
  });

  test('a calendar change reaches the running case and moves its open deadline (timeline shows it)', async () => {
    t = await testApp();
    const c = await fileObjection();
    await act(c.id, 'forward');
    expect((await getCase(c.id)).stages[1].deadlineDate).toBe('2026-10-14');
    const put = await t
      .as('demo-admin')
      .put('/api/calendar/days/2026-10-12')
      .send({ kind: 'holiday', name: '临时停工', reason: '台风停工通知' });
    expect(put.status).toBe(200);
    await t.settled();
    const moved = await getCase(c.id);
    expect(moved.stages[1].deadlineDate).toBe('2026-10-15');
    expect(moved.timeline.at(-1)).toMatchObject({
      event: 'deadline-moved',
      detail: { stage: 'verify', from: '2026-10-15T00:00:00.000+08:00', to: '2026-10-16T00:00:00.000+08:00' },
    });
    expect((await t.as('demo-provider-a').get('/api/tasks')).body.items[0].dueAt).toBe(
      '2026-10-16T00:00:00.000+08:00',
    );
    // The in-process list of running cases is exact, so the event is done with; a server's visibility
    // may lag, so there it stays queued for the broadcaster's follow-up run.
    const outbox = await t.db.knex('outbox_events').whereNull('delivered_at');
    expect(outbox).toHaveLength(t.kind === 'in-process' ? 0 : 1);
  });
});

test('a record taken by another case between the check and acceptance: the new case is rejected, the other annotation stays', async () => {
  t = await testApp();
  await annotateObjection(t.db.knex, {
    recordId: RECORD,
    caseId: 'obj-earlier',
    at: '2026-09-30T01:00:00.000Z',
    actor: { role: 'system', userId: null },
  });
  const input = objectionInput('obj-late', RECORD, '2026-09-30T02:00:00.000Z');
  await t.engine.start(OBJECTION_WORKFLOW, input.caseId, [input]);
  await t.settled();
  expect(await getCase('obj-late')).toMatchObject({ state: 'closed', outcome: 'rejected' });
  expect((await getRecord()).flags.objectionCaseId).toBe('obj-earlier');
});

describe('refusals leave the case unchanged', () => {
  beforeEach(async () => {
    t = await testApp();
  });

  async function expectUnchanged(id: string, run: () => Promise<Response>) {
    const before = await getCase(id);
    const res = await run();
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await getCase(id)).toEqual(before);
    return res;
  }

  test('wrong role → 403', async () => {
    const c = await fileObjection();
    const res = await expectUnchanged(c.id, () => act(c.id, 'forward', {}, 'demo-supervisor'));
    expect(res.status).toBe(403);
    const provider = await expectUnchanged(c.id, () => act(c.id, 'forward', {}, 'demo-provider-a'));
    expect(provider.status).toBe(403);
  });

  test('a case forwarded to another unit: that unit sees the case and the record it must verify', async () => {
    const c = await fileObjection();
    await act(c.id, 'forward', { unitId: 'unit-b' });
    expect((await t.as('demo-provider-b').get(`/api/cases/${c.id}`)).status).toBe(200);
    expect((await t.as('demo-provider-b').get(`/api/records/${RECORD}`)).status).toBe(200);
    const notTheirs = await expectUnchanged(c.id, () =>
      act(c.id, 'dismiss', { reason: 'x' }, 'demo-provider-a'),
    );
    expect(notTheirs.status).toBe(403);
  });

  test('another unit → 404 for the case, its actions, and its record', async () => {
    const c = await fileObjection();
    await act(c.id, 'forward');
    expect((await t.as('demo-provider-b').get(`/api/cases/${c.id}`)).status).toBe(404);
    const res = await expectUnchanged(c.id, () => act(c.id, 'dismiss', { reason: 'x' }, 'demo-provider-b'));
    expect(res.status).toBe(404);
    expect((await t.as('demo-provider-b').get(`/api/records/${RECORD}`)).status).toBe(404);
    expect((await t.as('demo-provider-b').get('/api/cases')).body.total).toBe(0);
  });

  test('action not allowed in the state → 409 naming the state and the allowed actions', async () => {
    const c = await fileObjection();
    const res = await expectUnchanged(c.id, () => act(c.id, 'process'));
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      state: 'compare',
      allowedActions: ['forward', 'correct', 'reject', 'withdraw'],
    });
  });

  test('a closed case refuses everything with 409', async () => {
    const c = await fileObjection();
    await act(c.id, 'withdraw');
    const res = await act(c.id, 'withdraw');
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ state: 'closed', allowedActions: [] });
  });

  test.each([
    ['reject', {}, 'body.reason'],
    ['correct', { reason: 'x' }, 'body.content'],
    ['forward', { unitId: 'unit-nowhere' }, 'body.unitId'],
  ])('invalid %s body → 422 naming %s', async (action, body, field) => {
    const c = await fileObjection();
    const res = await expectUnchanged(c.id, () => act(c.id, action, body));
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });

  test('厦门办法第十五条: a correction carrying data that may never be collected → 422, record untouched', async () => {
    const c = await fileObjection();
    const res = await expectUnchanged(c.id, () =>
      act(c.id, 'correct', {
        content: { penalty: '罚款', owner: { bloodType: 'A' } },
        merge: true,
        reason: '更正',
      }),
    );
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'body.content.owner.bloodType' })]);
    expect((await getRecord()).version).toBe(1);
  });

  test('厦门办法第十五条: a person’s income needs written consent; an organisation’s tax amount does not', async () => {
    const person = await fileObjection('rec-000019'); // unit-b, a natural person
    await act(person.id, 'forward');
    const refused = await expectUnchanged(person.id, () =>
      act(
        person.id,
        'uphold',
        { correction: 'supplement', content: { 收入: 5000 }, reason: '补充' },
        'demo-provider-b',
      ),
    );
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0].message).toMatch(/consent/);

    const organisation = await fileObjection(); // rec-000001, an organisation
    const ok = await act(organisation.id, 'correct', {
      content: { taxAmount: 1200 },
      merge: true,
      reason: '更正纳税数额',
    });
    expect(ok.status).toBe(200);
  });

  test('uphold without the corrected content → 422', async () => {
    const c = await fileObjection();
    await act(c.id, 'forward');
    const res = await expectUnchanged(c.id, () =>
      act(c.id, 'uphold', { correction: 'supplement', reason: '需补充' }, 'demo-provider-a'),
    );
    expect(res.status).toBe(422);
  });

  test('unknown action or case → 404', async () => {
    const c = await fileObjection();
    expect((await expectUnchanged(c.id, () => act(c.id, 'approve'))).status).toBe(404);
    expect((await act('obj-nope', 'forward')).status).toBe(404);
  });
});

describe('POST /api/objections refusals', () => {
  beforeEach(async () => {
    t = await testApp();
  });

  const post = (body: object, token = 'demo-clerk') => t.as(token).post('/api/objections').send(body);
  const valid = { recordId: RECORD, applicant, kind: 'wrong', reason: '理由' };

  test('an unknown record → 422 on recordId', async () => {
    const res = await post({ ...valid, recordId: 'rec-999999' });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].field).toBe('body.recordId');
  });

  test('a record that already has an open objection → 409 naming the case', async () => {
    const first = await fileObjection();
    const res = await post(valid);
    expect(res.status).toBe(409);
    expect(res.body.caseId).toBe(first.id);
  });

  test.each([
    ['archived', 'rec-000046'],
    ['repaired', 'rec-000051'],
    ['pending pre-collection notice', 'rec-000041'],
  ])('a record not provided in queries (%s) → 409', async (_why, recordId) => {
    const res = await post({ ...valid, recordId });
    expect(res.status).toBe(409);
    expect((await getRecord(recordId)).flags.objectionCaseId).toBeNull();
  });

  test.each([
    ['missing reason', { ...valid, reason: undefined }, 'body.reason'],
    ['unknown kind', { ...valid, kind: 'unhappy' }, 'body.kind'],
    [
      'bad id number check digit',
      { ...valid, applicant: { ...applicant, idNumber: '110105194912310021' } },
      'body.applicant.idNumber',
    ],
  ])('%s → 422', async (_why, body, field) => {
    const res = await post(body);
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  test('only a clerk accepts objections (403 otherwise)', async () => {
    expect((await post(valid, 'demo-provider-a')).status).toBe(403);
    expect((await post(valid, 'demo-supervisor')).status).toBe(403);
  });
});
