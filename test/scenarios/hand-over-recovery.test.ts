/**
 * A process that stops after committing collected records but before handing them over leaves records
 * without their expiry timer (厦门办法第二十八条) or their notice case (第十三条). Start-up recovers both —
 * also for records that never went through a hand-over (demo data, records from before the timers) — and
 * doing it twice opens nothing twice.
 */
import { noticeCaseId } from '../../api/case-types/notice';
import { createRecord } from '../../db/records';
import { archiveDayWorkflowId, archiveInstant } from '../../domain/record-expiry';
import { creditCodeCheckChar } from '../../domain/subject-id';
import { testApp, type TestApp } from '../support/app';
import { recoverHandOversOf } from '../support/hand-over-recovery';

jest.setTimeout(120_000);

let t: TestApp;
afterEach(() => t?.close());

const recover = () => recoverHandOversOf(t);

/** A dishonesty record stored as the collecting transaction would, with no hand-over after it. */
async function committedOnly(id: string, pendingNotice: boolean) {
  const first17 = `91350200${id.replace(/\D/g, '').padStart(9, '0')}`;
  await createRecord(t.db.knex, {
    id,
    subjectId: first17 + creditCodeCheckChar(first17),
    subjectName: '示例恢复测试有限公司（演示）',
    providerUnitId: 'unit-a',
    category: 'dishonesty',
    listType: 'other-dishonesty',
    content: { title: '行政处理：演示数据，非真实信息' },
    decidedOn: '2026-07-01',
    disclosure: 'public',
    pendingNotice,
    at: '2026-09-30T01:00:00.000Z',
    actor: { role: 'provider', userId: 'demo-provider-a' },
  });
  return id;
}

test('厦门办法第二十八条、第十三条: start-up arms the missing timers and opens the missing notice cases, once', async () => {
  t = await testApp();
  const visible = await committedOnly('rec-t90001', false);
  const pending = await committedOnly('rec-t90002', true);

  const first = await recover();
  expect(first.notices).toBeGreaterThanOrEqual(1); // and the demo records awaiting their notice
  expect(first.timers).toBeGreaterThanOrEqual(2); // and the demo records' timers
  expect(
    await t.db
      .knex('records')
      .where({ expiry_armed: false, archived: false })
      .whereNotNull('disclosure_ends_on'),
  ).toEqual([]);
  for (const id of [visible, pending]) {
    const { endsOn } = await t.db.knex('records').where({ id }).first({ endsOn: 'disclosure_ends_on' });
    expect((await t.engine.describe(archiveDayWorkflowId(endsOn))).status).toBe('running');
  }
  const notice = (await t.as('demo-provider-a').get(`/api/cases/${noticeCaseId(pending)}`)).body;
  expect(notice).toMatchObject({ type: 'notice', state: 'notify', recordIds: [pending] });

  expect(await recover()).toEqual({ timers: 0, notices: 0 });
  const notices = await t.db.knex('cases').where({ type: 'notice' }).pluck('id');
  expect(notices).toHaveLength(first.notices);
  expect(notices).toContain(noticeCaseId(pending));

  // The recovered timer archives on time: 00:00 Shanghai the day after the stored end date.
  const archived = async () => (await t.as('demo-clerk').get(`/api/records/${visible}`)).body.flags.archived;
  const endsOn = (await t.as('demo-clerk').get(`/api/records/${visible}`)).body.disclosureEndsOn;
  const at = Date.parse(archiveInstant(endsOn));
  await t.advanceTo(new Date(at - 60_000).toISOString());
  await t.settled();
  expect(await archived()).toBe(false);
  await t.advanceTo(new Date(at + 30_000).toISOString());
  await t.settled();
  expect(await archived()).toBe(true);
});
