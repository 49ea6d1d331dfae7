/**
 * The objection API on whatever engine CREDIT_TEST_ENGINE names: the in-process engine in `npm test`,
 * and in CI also the Temporal dev server and the time-skipping test server. Nothing here depends on a
 * date, so the dev server (wall time) runs it too; what needs time to pass says so and runs where it can.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { Notifier } from '../../activities';
import { TEMPLATES } from '../../domain/cases/templates';
import { caseState } from '../../workflows/messages';
import { testApp, type TestApp } from '../support/app';
import { testEngineKind } from '../support/engines';
import { TEST_APPLICANT } from '../support/objection-input';

const RECORD = 'rec-000001'; // unit-a, dishonesty, public, visible

let t: TestApp;
afterEach(() => t?.close());

const act = (id: string, action: string, body: object = {}, token = 'demo-clerk') =>
  t.as(token).post(`/api/cases/${id}/actions/${action}`).send(body);
const fileBody = {
  recordId: RECORD,
  applicant: TEST_APPLICANT,
  kind: 'wrong',
  reason: '处罚决定已被撤销',
};

describe(`objection API on the ${testEngineKind()} engine`, () => {
  test('厦门办法第二十四条: the accepted case answers at once, and reads back at once', async () => {
    t = await testApp();
    const filed = await t.as('demo-clerk').post('/api/objections').send(fileBody);
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ type: 'objection', state: 'compare', recordId: RECORD });
    // No waiting: the case was projected before the 201, so the very next read finds it.
    const read = await t.as('demo-clerk').get(`/api/cases/${filed.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: filed.body.id, state: 'compare' });
    const record = await t.as('demo-clerk').get(`/api/records/${RECORD}`);
    expect(record.body.flags.objectionCaseId).toBe(filed.body.id);
    expect(await t.engine.query(filed.body.id, caseState)).toMatchObject({
      id: filed.body.id,
      state: 'compare',
    });
  });

  test('50 clerks file on one record at once: exactly one case, the rest 409 naming it, no phantom case', async () => {
    t = await testApp();
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => t.as('demo-clerk').post('/api/objections').send(fileBody)),
    );
    const created = answers.filter((r) => r.status === 201);
    expect(created).toHaveLength(1);
    const winner = created[0].body.id;
    const refused = answers.filter((r) => r.status !== 201);
    expect(refused.every((r) => r.status === 409 && r.body.caseId === winner)).toBe(true);
    await t.settled();
    expect(await t.db.knex('cases').pluck('id')).toEqual([winner]);
    expect(await t.db.knex('notifications').whereNot({ case_id: winner })).toEqual([]);
  });

  test('a claim whose start never happened is released once its grace has passed; a young one is not', async () => {
    t = await testApp();
    // As a process stopping between the claim and the start would leave it.
    const leaveClaim = (updatedAt: string) =>
      t.db
        .knex('records')
        .where({ id: RECORD })
        .update({ objection_case_id: 'obj-never-started', updated_at: updatedAt });
    await leaveClaim(new Date(Date.parse(t.now()) - 60_000).toISOString());
    const young = await t.as('demo-clerk').post('/api/objections').send(fileBody);
    expect(young.status).toBe(409);
    expect(young.body.caseId).toBe('obj-never-started');

    await leaveClaim(new Date(Date.parse(t.now()) - 6 * 60_000).toISOString());
    const filed = await t.as('demo-clerk').post('/api/objections').send(fileBody);
    expect(filed.status).toBe(201);
    const record = await t.as('demo-clerk').get(`/api/records/${RECORD}`);
    expect(record.body.flags.objectionCaseId).toBe(filed.body.id);
  });

  test('厦门办法第二十五条: compare → verify → process → closed through the API; the annotation is cleared', async () => {
    t = await testApp();
    const { id } = await t.fileObjection(RECORD);
    expect((await act(id, 'forward', { note: '与信息源不一致' })).status).toBe(200);
    const upheld = await act(
      id,
      'uphold',
      {
        correction: 'correct',
        content: { penalty: '处罚决定已撤销' },
        merge: true,
        reason: '经核查处罚已被撤销',
      },
      'demo-provider-a',
    );
    expect(upheld.status).toBe(200);
    expect(upheld.body.state).toBe('process');
    const closed = await act(id, 'process', { note: '已更正' });
    expect(closed.body).toMatchObject({ state: 'closed', outcome: 'corrected' });
    await t.settled();
    const record = await t.as('demo-clerk').get(`/api/records/${RECORD}`);
    expect(record.body.flags.objectionCaseId).toBeNull();
    expect(record.body.content.penalty).toBe('处罚决定已撤销');
    expect((await t.engine.describe(id)).status).toBe('completed');
  });

  test('refusals on a live case change nothing: wrong role 403, wrong state 409, bad body 422', async () => {
    t = await testApp();
    const { id } = await t.fileObjection(RECORD);
    expect((await act(id, 'forward', {}, 'demo-provider-a')).status).toBe(403);
    expect((await act(id, 'process', {})).status).toBe(409);
    expect((await act(id, 'reject', {})).status).toBe(422);
    const read = await t.as('demo-clerk').get(`/api/cases/${id}`);
    expect(read.body).toMatchObject({ state: 'compare' });
    expect(read.body.timeline.map((e: { event: string }) => e.event)).toEqual(['accepted']);
  });

  const failingVerificationNotice =
    (error: () => Error) =>
    (real: Notifier): Notifier =>
    async (db, step) => {
      if (step.template === TEMPLATES.verificationRequested) throw error();
      return real(db, step);
    };

  async function expectAlertedAndCaseGoesOn(id: string, cause: string) {
    const c = (await t.as('demo-clerk').get(`/api/cases/${id}`)).body;
    expect(c.state).toBe('verify');
    expect(c.timeline.map((e: { event: string }) => e.event)).toContain('notification-failed');
    const alerts = await t.db.knex('operator_alerts').where({ case_id: id });
    expect(alerts).toEqual([expect.objectContaining({ kind: 'notification-failed', case_id: id })]);
    expect(JSON.parse(alerts[0].detail)).toMatchObject({ template: TEMPLATES.verificationRequested, cause });
    // The case still closes normally and releases its record.
    expect((await act(id, 'withdraw', { reason: '申请人撤回' })).body.state).toBe('closed');
    await t.settled();
    expect((await t.as('demo-clerk').get(`/api/records/${RECORD}`)).body.flags.objectionCaseId).toBeNull();
    expect((await t.engine.describe(id)).status).toBe('completed');
  }

  test('a notification refused for good is a timeline event and an operator alert; the case goes on', async () => {
    t = await testApp({
      notifier: failingVerificationNotice(() =>
        ApplicationFailure.nonRetryable('no SMS number on file', 'RecipientUnreachable'),
      ),
    });
    const { id } = await t.fileObjection(RECORD);
    expect((await act(id, 'forward')).status).toBe(200);
    await t.settled();
    await expectAlertedAndCaseGoesOn(id, 'no SMS number on file');
  });

  // A server holds time still while an activity retries (its backoff is wall time): in-process only.
  (testEngineKind() === 'in-process' ? test : test.skip)(
    'a notification that exhausts its retries is a timeline event and an operator alert; the case goes on',
    async () => {
      t = await testApp({ notifier: failingVerificationNotice(() => new Error('SMS gateway refused')) });
      const { id } = await t.fileObjection(RECORD);
      // The answer comes once the action's effects have run, the outbox write with its retries included;
      // those take their backoff on the engine's clock, so let a day pass meanwhile.
      let status = 0;
      const forwarding = act(id, 'forward').then((r) => (status = r.status));
      // Let the request reach the case before time moves (an advance racing an arriving update can stall
      // the in-process engine: noted for the engine's next round).
      await new Promise((r) => setTimeout(r, 200));
      for (let hour = 1; hour <= 24 && status === 0; hour++) {
        await t.advanceTo(new Date(Date.parse(t.now()) + 3_600_000).toISOString());
      }
      expect(await forwarding).toBe(200);
      await expectAlertedAndCaseGoesOn(id, 'SMS gateway refused');
    },
  );
});
