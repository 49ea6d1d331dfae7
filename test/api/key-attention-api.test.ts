/**
 * 厦门办法第二十八条 over HTTP in virtual time: a subject put on key-attention lists by three or more sectors
 * (provider units) within twelve months — the subject is told, each listing's provider unit is reminded,
 * in its inbox, to extend the period to two years, and decides within 5 working days (design default) on
 * the same escalation ladder as every case. `extend` moves the record's end date and its expiry timer.
 */
import { hashToken } from '../../api/auth';
import { createRecord } from '../../db/records';
import { archiveDayWorkflowId } from '../../domain/record-expiry';
import { creditCodeCheckChar } from '../../domain/subject-id';
import { archiveDayState } from '../../workflows/messages';
import { testApp, type TestApp } from '../support/app';
import { recoverHandOversOf } from '../support/hand-over-recovery';

jest.setTimeout(120_000);

let t: TestApp;
beforeEach(async () => {
  t = await testApp();
  // A third sector for these stories: a fictional unit and its provider.
  await t.db.knex('units').insert({ id: 'unit-c', name: '示例市生态环境局（演示）', created_at: t.now() });
  await t.db.knex('users').insert({
    id: 'demo-provider-c',
    name: '演示提供单位C',
    role: 'provider',
    unit_id: 'unit-c',
    subject_id: null,
    token_hash: hashToken('demo-provider-c'),
    disabled: false,
    created_at: t.now(),
  });
});
afterEach(() => t.close());

let seq = 0;
const subject = (n: number) => {
  const first17 = `91350200${String(600 + n).padStart(9, '0')}`;
  return first17 + creditCodeCheckChar(first17);
};

/** Unit `unit` lists the subject on its key-attention list (exempt from the notice, to keep it short). */
async function listed(unit: 'a' | 'b' | 'c', subjectId: string, decidedOn: string) {
  seq += 1;
  const res = await t
    .as(`demo-provider-${unit}`)
    .post('/api/records')
    .send({
      sourceRecordNo: `示例重点关注〔2026〕K${seq}号`,
      subjectId,
      subjectName: '示例重点关注测试有限公司（演示）',
      category: 'dishonesty',
      listType: 'key-attention',
      content: { title: '列入重点关注名单：演示数据，非真实信息' },
      decidedOn,
      disclosure: 'public',
      noticeExemption: { basis: '《示例条例》第九条（演示）' },
    });
  expect(res.status).toBe(201);
  await t.settled();
  return res.body as { id: string; disclosureEndsOn: string };
}

const keyAttentionCases = async () =>
  (await t.as('demo-clerk').get('/api/cases?type=key-attention&pageSize=200')).body.items as {
    id: string;
    recordIds: string[];
    state: string;
  }[];
const caseOf = async (recordId: string) =>
  (await keyAttentionCases()).find((c) => c.recordIds[0] === recordId)!;
const act = (caseId: string, action: string, body: object, token: string) =>
  t.as(token).post(`/api/cases/${caseId}/actions/${action}`).send(body);

/** Three sectors within twelve months: 2026-01-10 (A), 2026-06-01 (B), 2026-09-15 (C). */
async function threeSectors(n: number) {
  const s = subject(n);
  const a = await listed('a', s, '2026-01-10');
  const b = await listed('b', s, '2026-06-01');
  expect(await keyAttentionCases()).toHaveLength(0); // two sectors: nothing yet
  const c = await listed('c', s, '2026-09-15');
  return { s, a, b, c };
}

test('厦门办法第二十八条: three sectors within twelve months — subject told, each unit reminded in its inbox', async () => {
  const { s, a, b, c } = await threeSectors(1);
  const cases = await keyAttentionCases();
  expect(cases.map((x) => x.recordIds[0]).sort()).toEqual([a.id, b.id, c.id].sort());
  const one = (await t.as('demo-provider-a').get(`/api/cases/${(await caseOf(a.id)).id}`)).body;
  expect(one).toMatchObject({
    type: 'key-attention',
    state: 'decide',
    allowedActions: ['extend', 'decline'],
    recordId: a.id,
    providerUnitId: 'unit-a',
    subjectId: s,
    sectors: ['unit-a', 'unit-b', 'unit-c'],
  });
  // 5 working days (design default) from 2026-09-30, across 国庆.
  expect(one.stages[0]).toMatchObject({
    name: 'decide',
    budgetDays: 5,
    unitId: 'unit-a',
    deadlineDate: '2026-10-13',
  });
  for (const unit of ['a', 'b', 'c']) {
    const tasks = (await t.as(`demo-provider-${unit}`).get('/api/tasks?status=open')).body.items;
    expect(tasks.filter((x: { kind: string }) => x.kind === 'key-attention')).toHaveLength(1);
  }
  const notes = await t.db.knex('notifications').whereLike('template', 'key-attention.%');
  expect(notes.filter((n) => n.template === 'key-attention.subject-notified')).toHaveLength(3);
  expect(notes.filter((n) => n.recipient_id === s)).toHaveLength(3);
  const reminded = notes.filter((n) => n.template === 'key-attention.extension-reminder');
  expect(reminded.map((n) => n.recipient_id).sort()).toEqual(['unit-a', 'unit-b', 'unit-c']);
  // Another unit's case is not its business (404); the clerk does not decide for the provider (403).
  expect((await act((await caseOf(a.id)).id, 'extend', {}, 'demo-provider-b')).status).toBe(404);
  expect((await act((await caseOf(a.id)).id, 'extend', {}, 'demo-clerk')).status).toBe(403);
});

test('厦门办法第二十八条: more than twelve months apart, or two sectors only, opens nothing', async () => {
  const s = subject(2);
  await listed('a', s, '2025-09-14');
  await listed('b', s, '2026-06-01');
  await listed('b', s, '2026-07-01');
  await listed('c', s, '2026-09-15'); // 2025-09-14 + 12 months = 2026-09-14: A is out of C's window
  expect(await keyAttentionCases()).toHaveLength(0);
});

test('厦门办法第二十八条: extend moves the end date to two years from the decision, and the expiry timer', async () => {
  const { a, b, c } = await threeSectors(3);
  // 1 year from 2026-01-10 is 2027-01-10, a Sunday: the period ends Monday 2027-01-11 (民法典第二百零三条).
  expect(a.disclosureEndsOn).toBe('2027-01-11');
  const extended = await act((await caseOf(a.id)).id, 'extend', {}, 'demo-provider-a');
  expect(extended.status).toBe(200);
  expect(extended.body).toMatchObject({ state: 'closed', outcome: 'extended' });
  await t.settled();
  const record = (await t.as('demo-clerk').get(`/api/records/${a.id}`)).body;
  expect(record.disclosureEndsOn).toBe('2028-01-10');
  // The new day's timer holds it, armed again (start-up re-arms it if that had failed).
  expect(await t.engine.query(archiveDayWorkflowId('2028-01-10'), archiveDayState)).toEqual({
    endsOn: '2028-01-10',
    archiveAt: '2028-01-10T16:00:00.000Z',
    archived: 0,
  });
  const armed = await t.db.knex('records').where({ id: a.id, expiry_armed: true }).pluck('id');
  expect(armed).toEqual([a.id]);
  const audit = await t.db.knex('audit_log').where({ entity_id: a.id, action: 'record.disclosure-extended' });
  expect(audit).toHaveLength(1);
  expect(JSON.parse(audit[0].detail)).toMatchObject({ from: '2027-01-11', to: '2028-01-10' });
  expect(audit[0].reason).toContain('厦门办法第二十八条');
  for (const [r, unit] of [
    [b, 'b'],
    [c, 'c'],
  ] as const) {
    const declined = await act(
      (await caseOf(r.id)).id,
      'decline',
      { reason: '演示' },
      `demo-provider-${unit}`,
    );
    expect(declined.status).toBe(200);
  }
  // Past the old end: still disclosed; the timer archives it after the new one.
  await t.advanceTo('2027-01-11T16:00:30.000Z');
  await t.settled();
  expect((await t.as('demo-clerk').get(`/api/records/${a.id}`)).body.flags.archived).toBe(false);
  await t.advanceTo('2028-01-10T16:00:30.000Z');
  await t.settled();
  expect((await t.as('demo-clerk').get(`/api/records/${a.id}`)).body.flags.archived).toBe(true);
});

test('厦门办法第二十八条: a unit may decline with a reason; the period and timer stay; overdue is breached', async () => {
  const { b, c } = await threeSectors(4);
  const caseB = (await caseOf(b.id)).id;
  expect((await act(caseB, 'decline', {}, 'demo-provider-b')).status).toBe(422);
  const declined = await act(caseB, 'decline', { reason: '已依法另行处理（演示）' }, 'demo-provider-b');
  expect(declined.body).toMatchObject({
    state: 'closed',
    outcome: 'declined',
    reason: '已依法另行处理（演示）',
  });
  expect((await t.as('demo-clerk').get(`/api/records/${b.id}`)).body.disclosureEndsOn).toBe(
    b.disclosureEndsOn,
  );
  // Unit C lets its 5 working days pass: an SLA breach on its unit, as on every case.
  await t.advanceTo('2026-10-13T16:00:30.000Z');
  await t.settled();
  const breaches = await t.db.knex('sla_breaches').where({ case_id: (await caseOf(c.id)).id });
  expect(breaches).toEqual([expect.objectContaining({ stage: 'decide', unit_id: 'unit-c' })]);
});

test('厦门办法第二十八条: a window whose hand-over never ran (the process stopped) is reminded at start-up, once', async () => {
  const s = subject(9);
  await listed('a', s, '2026-01-10');
  await listed('b', s, '2026-06-01');
  // The third listing is committed as the collecting transaction would, with no hand-over after it.
  await createRecord(t.db.knex, {
    id: 'rec-k90003',
    subjectId: s,
    subjectName: '示例重点关注测试有限公司（演示）',
    providerUnitId: 'unit-c',
    category: 'dishonesty',
    listType: 'key-attention',
    content: { title: '列入重点关注名单：演示数据，非真实信息' },
    decidedOn: '2026-09-15',
    disclosure: 'public',
    at: t.now(),
    actor: { role: 'provider', userId: 'demo-provider-c' },
  });
  expect(await keyAttentionCases()).toHaveLength(0);
  const recover = () => recoverHandOversOf(t);
  await recover();
  await t.settled();
  const opened = await keyAttentionCases();
  expect(opened).toHaveLength(3);
  expect(opened.map((c) => c.recordIds[0])).toContain('rec-k90003');
  await recover();
  await t.settled();
  expect(await keyAttentionCases()).toHaveLength(3);
});
