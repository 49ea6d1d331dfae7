/**
 * 厦门办法第二十八条第二款 (公示期届满，归档管理) in virtual time: every record a provider collects is armed
 * on a durable timer that archives it at 00:00 Asia/Shanghai the day after its disclosure period ends —
 * the timer of its last day, shared by every record ending then, or its own when that instant is within
 * the hour. The timer survives a worker restart and calendar edits; a record archived while under
 * objection still lets that objection close cleanly. Runs on the in-process engine and on Temporal's
 * time-skipping server.
 */
import { archiveDayWorkflowId, expiryWorkflowId } from '../../domain/record-expiry';
import { creditCodeCheckChar } from '../../domain/subject-id';
import { WorkflowNotFoundError } from '../../engine/errors';
import { archiveDayState, recordExpiryState } from '../../workflows/messages';
import { testApp, type TestApp } from '../support/app';

jest.setTimeout(120_000);

let t: TestApp;
afterEach(() => t?.close());

let seq = 0;
/** A made-up dishonesty record of unit A, exempt from the notice (visible at once) unless `pending`. */
async function collect(fields: Record<string, unknown> = {}, pending = false) {
  seq += 1;
  const first17 = `91350200${String(800 + seq).padStart(9, '0')}`;
  const res = await t
    .as('demo-provider-a')
    .post('/api/records')
    .send({
      sourceRecordNo: `示例归档〔2026〕E${seq}号`,
      subjectId: first17 + creditCodeCheckChar(first17),
      subjectName: `示例归档测试有限公司${seq}（演示）`,
      category: 'dishonesty',
      listType: 'other-dishonesty',
      content: { title: '行政处理：演示数据，非真实信息' },
      // 3 months (第二十八条) end on 2026-10-01, 国庆: the period's last day moves to 2026-10-08
      // (民法典第二百零三条), so the record is archived at 2026-10-09T00:00+08:00.
      decidedOn: '2026-07-01',
      disclosure: 'public',
      ...(pending ? {} : { noticeExemption: { basis: '《示例条例》第九条（演示）' } }),
      ...fields,
    });
  expect([200, 201]).toContain(res.status);
  await t.settled();
  return res.body as { id: string; disclosureEndsOn: string; sourceRecordNo: string };
}

const record = async (id: string) => (await t.as('demo-clerk').get(`/api/records/${id}`)).body;
const ARCHIVE_AT = '2026-10-08T16:00:00.000Z'; // 2026-10-09T00:00+08:00
const justBefore = '2026-10-08T15:59:00.000Z';
const justAfter = '2026-10-08T16:00:30.000Z';

async function expectArchivedOnTime(recordId: string) {
  await t.advanceTo(justBefore);
  await t.settled();
  expect((await record(recordId)).flags.archived).toBe(false);
  await t.advanceTo(justAfter);
  await t.settled();
  const after = await record(recordId);
  expect(after.flags.archived).toBe(true);
  expect(after.visibility).toMatchObject({ visible: false, reasons: expect.arrayContaining(['archived']) });
  const described = await t.engine.describe(archiveDayWorkflowId(after.disclosureEndsOn));
  expect(described).toMatchObject({ status: 'completed', result: { endsOn: after.disclosureEndsOn } });
}

test('厦门办法第二十八条: archived at 00:00 the day after its last day; nothing deleted, audited', async () => {
  t = await testApp();
  const r = await collect();
  expect(r.disclosureEndsOn).toBe('2026-10-08');
  expect(await t.engine.query(archiveDayWorkflowId('2026-10-08'), archiveDayState)).toEqual({
    endsOn: '2026-10-08',
    archiveAt: ARCHIVE_AT,
    archived: 0,
  });
  // No timer of its own: the day's timer holds it.
  await expect(t.engine.describe(expiryWorkflowId(r.id))).rejects.toBeInstanceOf(WorkflowNotFoundError);
  expect((await record(r.id)).visibility.visible).toBe(true);
  await expectArchivedOnTime(r.id);
  const audit = await t.db.knex('audit_log').where({ entity_id: r.id, action: 'record.archived' });
  expect(audit).toHaveLength(1);
  expect(audit[0].reason).toContain('厦门办法第二十八条');
  expect(await t.db.knex('records').where({ id: r.id }).first('content')).toBeDefined();
});

test('厦门办法第二十八条: the worker restarts between collection and expiry; still archived on time', async () => {
  t = await testApp({ restartable: true });
  const r = await collect();
  await t.advanceTo('2026-10-05T02:00:00.000Z');
  await t.restartWorker();
  await expectArchivedOnTime(r.id);
});

test('厦门办法第二十八条: a re-submission re-arms idempotently — one timer, no error', async () => {
  t = await testApp();
  const r = await collect();
  seq -= 1; // the same provider number and content again
  const again = await collect();
  expect(again.id).toBe(r.id);
  await expectArchivedOnTime(r.id);
  // Submitted again after it was archived: 200 the same record, the closed timer is not restarted.
  seq -= 1;
  const late = await collect();
  expect(late.id).toBe(r.id);
  expect((await record(r.id)).flags.archived).toBe(true);
  expect(await t.engine.describe(archiveDayWorkflowId('2026-10-08'))).toMatchObject({
    status: 'completed',
    result: { archived: 1 },
  });
});

test('厦门办法第二十八条: the records ending on one day share its timer; each is archived and audited', async () => {
  t = await testApp();
  const records = [await collect(), await collect(), await collect({ decidedOn: '2026-07-02' })];
  expect(records.map((r) => r.disclosureEndsOn)).toEqual(['2026-10-08', '2026-10-08', '2026-10-08']);
  await expectArchivedOnTime(records[0].id);
  const stamps = new Set<string>();
  for (const r of records) {
    expect((await record(r.id)).flags.archived).toBe(true);
    const audit = await t.db.knex('audit_log').where({ entity_id: r.id, action: 'record.archived' });
    expect(audit).toHaveLength(1);
    stamps.add(audit[0].at);
  }
  // One instant, the timer's (a real server's timer fires a few ms past it).
  const [at] = [...stamps];
  expect(stamps.size).toBe(1);
  expect(at >= ARCHIVE_AT && at < justAfter).toBe(true);
  expect(await t.engine.describe(archiveDayWorkflowId('2026-10-08'))).toMatchObject({
    result: { endsOn: '2026-10-08', archived: 3 },
  });
});

test('厦门办法第二十八条: collected within the hour before its archive instant: a timer of its own, on time', async () => {
  t = await testApp();
  await t.advanceTo('2026-10-08T15:20:00.000Z'); // 23:20 Shanghai on its last day
  const r = await collect();
  expect(await t.engine.query(expiryWorkflowId(r.id), recordExpiryState)).toEqual({
    recordId: r.id,
    endsOn: '2026-10-08',
    archiveAt: ARCHIVE_AT,
    archived: false,
  });
  await expect(t.engine.describe(archiveDayWorkflowId('2026-10-08'))).rejects.toBeInstanceOf(
    WorkflowNotFoundError,
  );
  await t.advanceTo(justBefore);
  await t.settled();
  expect((await record(r.id)).flags.archived).toBe(false);
  await t.advanceTo(justAfter);
  await t.settled();
  expect((await record(r.id)).flags.archived).toBe(true);
  expect(await t.engine.describe(expiryWorkflowId(r.id))).toMatchObject({
    status: 'completed',
    result: { recordId: r.id, archived: true },
  });
});

test('厦门办法第二十八条: a calendar edit does not move a stored end date or break its timer', async () => {
  t = await testApp();
  const r = await collect();
  const edit = await t
    .as('demo-admin')
    .put('/api/calendar/days/2026-10-08')
    .send({ kind: 'holiday', name: '临时休假（演示）', reason: '演示：日历调整' });
  expect(edit.status).toBe(200);
  await t.settled();
  expect((await record(r.id)).disclosureEndsOn).toBe('2026-10-08');
  await expectArchivedOnTime(r.id);
});

test('厦门办法第二十八条: a period already ended at collection is archived at once, with no timer', async () => {
  t = await testApp();
  const r = await collect({ decidedOn: '2026-03-02' });
  expect(r.disclosureEndsOn).toBe('2026-06-02');
  expect((await record(r.id)).flags.archived).toBe(true);
  await expect(t.engine.describe(expiryWorkflowId(r.id))).rejects.toBeInstanceOf(WorkflowNotFoundError);
  await expect(t.engine.describe(archiveDayWorkflowId('2026-06-02'))).rejects.toBeInstanceOf(
    WorkflowNotFoundError,
  );
});

test('厦门办法第二十八条、第十三条: a record still awaiting its notice is archived when its period ends', async () => {
  t = await testApp();
  const r = await collect({}, true);
  expect((await record(r.id)).flags.pendingNotice).toBe(true);
  await expectArchivedOnTime(r.id);
  // Served afterwards: collected, but its period is over, so it stays archived and invisible.
  const cases = await t.as('demo-provider-a').get('/api/cases?type=notice&pageSize=200');
  const notice = cases.body.items.find((c: { recordIds: string[] }) => c.recordIds[0] === r.id);
  const served = await t
    .as('demo-provider-a')
    .post(`/api/cases/${notice.id}/actions/deliver`)
    .send({ method: 'post', deliveredOn: '2026-10-09', proof: 'EMS 回执（演示）' });
  expect(served.status).toBe(200);
  expect((await record(r.id)).flags).toMatchObject({ pendingNotice: false, archived: true });
});

describe('厦门办法第二十八条、第二十四～二十六条: archived while under objection', () => {
  /** A record objected to the day before its period ends, then archived by its timer. */
  async function objectedThenArchived() {
    t = await testApp();
    const r = await collect();
    await t.advanceTo('2026-10-08T02:00:00.000Z');
    const filed = await t.fileObjection(r.id);
    await t.advanceTo(justAfter);
    await t.settled();
    return { r, filed };
  }

  test('the objection is upheld with a correction and processed after the archive: closes cleanly', async () => {
    const { r, filed } = await objectedThenArchived();
    expect((await record(r.id)).flags).toMatchObject({ archived: true, objectionCaseId: filed.id });
    const act = (action: string, body: object, as: string) =>
      t.as(as).post(`/api/cases/${filed.id}/actions/${action}`).send(body);
    expect((await act('forward', {}, 'demo-clerk')).status).toBe(200);
    const upheld = await act(
      'uphold',
      { correction: 'correct', content: { title: '更正后的演示内容' }, reason: '核实有误（演示）' },
      'demo-provider-a',
    );
    expect(upheld.status).toBe(200);
    const processed = await act('process', {}, 'demo-clerk');
    expect(processed.status).toBe(200);
    expect(processed.body).toMatchObject({ state: 'closed', outcome: 'corrected' });
    await t.settled();
    const after = await record(r.id);
    expect(after.flags).toMatchObject({ archived: true, objectionCaseId: null });
    expect(after.visibility.visible).toBe(false);
    expect((await t.engine.describe(filed.id)).status).toBe('completed');
  });

  test('the objection is withdrawn after the archive: closes cleanly, the record stays archived', async () => {
    const { r, filed } = await objectedThenArchived();
    const withdrawn = await t
      .as('demo-clerk')
      .post(`/api/cases/${filed.id}/actions/withdraw`)
      .send({ reason: '申请人撤回（演示）' });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ state: 'closed', outcome: 'withdrawn' });
    await t.settled();
    expect((await record(r.id)).flags).toMatchObject({ archived: true, objectionCaseId: null });
    expect((await t.engine.describe(filed.id)).status).toBe('completed');
    expect((await t.as('demo-clerk').get(`/api/cases/${filed.id}`)).status).toBe(200);
  });
});
