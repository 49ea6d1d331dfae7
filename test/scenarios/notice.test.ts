/**
 * 归集前告知 (厦门办法第十三条) over HTTP in virtual time: a dishonesty record a provider collects is
 * invisible until its notice is served — by delivery, or by announcement complete 30 calendar days after
 * publication (民事诉讼法第九十五条; 民法典第二百零一、二百零三条) — and never collected if withdrawn.
 */
import { creditCodeCheckChar } from '../../domain/subject-id';
import { testApp, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

let seq = 0;
/** Collects a made-up dishonesty record as provider unit A; answers its id and its notice case. */
async function collected(): Promise<{ recordId: string; caseId: string }> {
  seq += 1;
  const first17 = `91350200${String(700 + seq).padStart(9, '0')}`;
  const res = await t
    .as('demo-provider-a')
    .post('/api/records')
    .send({
      sourceRecordNo: `示例告知〔2026〕N${seq}号`,
      subjectId: first17 + creditCodeCheckChar(first17),
      subjectName: `示例告知测试有限公司${seq}（演示）`,
      category: 'dishonesty',
      listType: 'other-dishonesty',
      content: { title: '行政处理：演示数据，非真实信息' },
      // 3 months (第二十八条) run to 2026-12-01: the record is not archived while these stories run.
      decidedOn: '2026-09-01',
      disclosure: 'public',
    });
  expect(res.status).toBe(201);
  await t.settled();
  const cases = await t.as('demo-provider-a').get('/api/cases?type=notice&pageSize=200');
  const notice = cases.body.items.find((c: { recordIds: string[] }) => c.recordIds[0] === res.body.id);
  expect(notice).toBeDefined();
  return { recordId: res.body.id, caseId: notice.id };
}

const record = async (id: string) => (await t.as('demo-clerk').get(`/api/records/${id}`)).body;
const act = (caseId: string, action: string, body: object, as = 'demo-provider-a') =>
  t.as(as).post(`/api/cases/${caseId}/actions/${action}`).send(body);

test('厦门办法第十三条: pending and invisible until delivered; the provider unit has 5 working days', async () => {
  const { recordId, caseId } = await collected();
  expect((await record(recordId)).visibility).toMatchObject({ visible: false, reasons: ['pending-notice'] });
  const c = (await t.as('demo-provider-a').get(`/api/cases/${caseId}`)).body;
  expect(c).toMatchObject({
    type: 'notice',
    state: 'notify',
    allowedActions: ['deliver', 'undeliverable', 'withdraw'],
  });
  // 2026-09-30 + 5 working days across 国庆 (调休 included).
  expect(c.stages[0]).toMatchObject({
    name: 'notify',
    budgetDays: 5,
    unitId: 'unit-a',
    deadlineDate: '2026-10-13',
  });
  expect(c.tasks).toEqual([expect.objectContaining({ kind: 'notice', unitId: 'unit-a', status: 'open' })]);

  expect((await act(caseId, 'deliver', { method: 'post' })).status).toBe(422);
  expect(
    (
      await act(
        caseId,
        'deliver',
        { method: 'post', deliveredOn: '2026-10-09', proof: 'EMS 回执' },
        'demo-provider-b',
      )
    ).status,
  ).toBe(404);
  const served = await act(caseId, 'deliver', {
    method: 'post',
    deliveredOn: '2026-10-09',
    proof: 'EMS 回执 1234',
  });
  expect(served.status).toBe(200);
  expect(served.body).toMatchObject({ state: 'closed', outcome: 'served' });
  expect((await record(recordId)).visibility.visible).toBe(true);
});

test('民事诉讼法第九十五条: undeliverable → announced; collected when the 30 calendar days end', async () => {
  const { recordId, caseId } = await collected();
  const announced = await act(caseId, 'undeliverable', {
    attempts: [{ method: 'post', on: '2026-10-09', result: '查无此人，退回' }],
    announcedOn: '2026-10-12',
    channel: '信用厦门网站',
  });
  expect(announced.status).toBe(200);
  // Published 2026-10-12: 30 days end 2026-11-11 (a Wednesday), at 24:00.
  expect(announced.body).toMatchObject({
    state: 'announce',
    timers: [{ name: 'announcement-complete', at: '2026-11-12T00:00:00.000+08:00' }],
  });
  expect(announced.body.stages[1]).toMatchObject({
    name: 'announce',
    period: { unit: 'calendar-days', count: 30 },
  });
  await t.advanceTo('2026-11-11T15:00:00.000Z');
  await t.settled();
  expect((await record(recordId)).visibility.visible).toBe(false);
  await t.advanceTo('2026-11-11T16:00:30.000Z');
  await t.settled();
  const closed = (await t.as('demo-clerk').get(`/api/cases/${caseId}`)).body;
  expect(closed).toMatchObject({ state: 'closed', outcome: 'announced', breached: false });
  expect((await record(recordId)).visibility.visible).toBe(true);
});

test('厦门办法第十三条: a withdrawn notice means the record is never collected', async () => {
  const { recordId, caseId } = await collected();
  const withdrawn = await act(caseId, 'withdraw', { reason: '认定决定已撤销' });
  expect(withdrawn.body).toMatchObject({ state: 'closed', outcome: 'withdrawn' });
  const after = (await record(recordId)).visibility;
  expect(after.visible).toBe(false);
  expect(after.reasons).toContain('pending-notice');
});
