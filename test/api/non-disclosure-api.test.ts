/**
 * 守信信息不公开 over HTTP in virtual time (厦门办法第二十七条; 武汉办法第二十九条): each effect checked on the
 * records' visibility (GET /api/records/:id) and in the subject's own credit report.
 */
import type { NewRecord } from '../../db/records';
import { TEMPLATES } from '../../domain/cases/templates';
import { testApp, type TestApp } from '../support/app';
import { demoSubjectId, seedRecord, visibilityOf } from '../support/demo-records';
import { TEST_APPLICANT } from '../support/objection-input';

let t: TestApp;
let subjectId: string;
afterEach(() => t?.close());

async function start(profile: 'xiamen' | 'wuhan' = 'xiamen') {
  t = await testApp({ profile });
  subjectId = await demoSubjectId(t);
}

const record = (id: string, over: Partial<NewRecord> = {}) =>
  seedRecord(t, id, {
    subjectId,
    category: 'positive',
    listType: 'commendation',
    content: { award: '守合同重信用企业' },
    ...over,
  });

const file = (recordIds: string[], subject = subjectId) =>
  t
    .as('demo-clerk')
    .post('/api/non-disclosures')
    .send({ subjectId: subject, recordIds, applicant: TEST_APPLICANT });
const act = (id: string, action: string, body: object = {}, token = 'demo-clerk') =>
  t.as(token).post(`/api/cases/${id}/actions/${action}`).send(body);
const visibility = (id: string) => visibilityOf(t, id);
const inOwnReport = async (id: string) => {
  const report = await t.as('demo-subject-org').post('/api/reports').send({ subjectId, kind: 'self' });
  expect(report.status).toBe(201);
  return (report.body.records as { id: string }[]).some((r) => r.id === id);
};

describe('non-disclosure API', () => {
  test('厦门办法第二十七条: accepted with 5 working days; approved, the records are archived and not provided; each unit told', async () => {
    await start();
    const a = await record('nd-t-a');
    const b = await record('nd-t-b', { providerUnitId: 'unit-b', listType: 'donation' });
    expect(await visibility(a)).toEqual({ visible: true, reasons: [] });
    expect(await inOwnReport(b)).toBe(true);

    const filed = await file([a, b]);
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ type: 'non-disclosure', state: 'review', recordIds: [a, b] });
    expect(filed.body.stages[0]).toMatchObject({ name: 'review' });
    expect(await visibility(a)).toEqual({ visible: true, reasons: [] });

    await t.advanceWorkingDays(3);
    expect((await act(filed.body.id, 'approve', {}, 'demo-provider-a')).status).toBe(403);
    const approved = await act(filed.body.id, 'approve');
    expect(approved.body).toMatchObject({ state: 'closed', outcome: 'archived' });
    for (const id of [a, b]) {
      const r = (await t.as('demo-clerk').get(`/api/records/${id}`)).body;
      expect(r.visibility).toEqual({ visible: false, reasons: ['archived', 'non-disclosed'] });
      expect(r.flags).toMatchObject({ nonDisclosed: true, archived: true, deleted: false });
      expect(await inOwnReport(id)).toBe(false);
    }
    const told = await t.db
      .knex('notifications')
      .where({ case_id: filed.body.id, template: TEMPLATES.recordsNonDisclosed })
      .orderBy('recipient_id')
      .pluck('recipient_id');
    expect(told).toEqual(['unit-a', 'unit-b']);
    expect(await t.db.knex('sla_breaches').where({ case_id: filed.body.id })).toEqual([]);

    // The subject opted out: a positive record reported later is withheld too; other categories are not.
    const later = await record('nd-t-later', { listType: 'volunteering' });
    expect(await visibility(later)).toEqual({ visible: false, reasons: ['archived', 'non-disclosed'] });
    const dishonesty = await record('nd-t-dis', { category: 'dishonesty', listType: 'key-attention' });
    expect(await visibility(dishonesty)).toEqual({ visible: true, reasons: [] });
    // The same through collection (厦门办法第十一条): the provider's new positive record is withheld.
    const collected = await t
      .as('demo-provider-a')
      .post('/api/records')
      .send({
        sourceRecordNo: '示例表彰〔2026〕ND1号',
        subjectId,
        subjectName: '演示企业',
        category: 'positive',
        listType: 'commendation',
        content: { award: '演示表彰，非真实信息' },
        decidedOn: '2026-10-01',
        disclosure: 'public',
      });
    expect(collected.status).toBe(201);
    expect(await visibility(collected.body.id)).toEqual({
      visible: false,
      reasons: ['archived', 'non-disclosed'],
    });
  });

  test('厦门办法第二十七条: until the subject says otherwise — a revoked opt-out withholds nothing new; kept, not deleted', async () => {
    await start();
    const optOuts = () => t.as('demo-clerk').get(`/api/non-disclosure-opt-outs/${subjectId}`);
    const revoke = (body: object, token = 'demo-clerk') =>
      t.as(token).post(`/api/non-disclosure-opt-outs/${subjectId}/revoke`).send(body);
    expect((await optOuts()).body).toEqual({ subjectId, inForce: false, optOuts: [] });
    expect((await revoke({ reason: '主体申请恢复公开' })).status).toBe(409);

    const c = (await file([await record('nd-t-opt')])).body.id;
    await act(c, 'approve');
    expect((await optOuts()).body).toMatchObject({
      inForce: true,
      optOuts: [{ caseId: c, revokedAt: null }],
    });
    expect(await visibility(await record('nd-t-opt-2'))).toEqual({
      visible: false,
      reasons: ['archived', 'non-disclosed'],
    });

    expect((await revoke({})).status).toBe(422);
    expect((await revoke({ reason: 'x' }, 'demo-provider-a')).status).toBe(403);
    expect(
      (
        await t
          .as('demo-clerk')
          .post('/api/non-disclosure-opt-outs/91350200MA00000000/revoke')
          .send({ reason: 'x' })
      ).status,
    ).toBe(422);
    const revoked = await revoke({ reason: '主体申请恢复公开' });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({
      inForce: false,
      optOuts: [{ caseId: c, revokedBy: 'demo-clerk', revokeReason: '主体申请恢复公开' }],
    });
    // New positive records are disclosed again; those already withheld stay archived.
    expect(await visibility(await record('nd-t-opt-3'))).toEqual({ visible: true, reasons: [] });
    expect(await visibility('nd-t-opt-2')).toEqual({
      visible: false,
      reasons: ['archived', 'non-disclosed'],
    });
    expect(
      await t.db.knex('audit_log').where({ action: 'non-disclosure.opt-out-revoked', entity_id: subjectId }),
    ).toHaveLength(1);
  });

  test('厦门办法第二十七条: a record that is not positive, or not the subject’s, is refused (422), each named', async () => {
    await start();
    const ok = await record('nd-t-ok');
    const bad = await record('nd-t-bad', { category: 'dishonesty', listType: 'key-attention' });
    const other = await record('nd-t-other', { subjectId: '11010519491231002X', subjectName: '测试甲' });
    const res = await file([ok, bad, other, 'nd-t-none']);
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'body.recordIds.1',
      'body.recordIds.2',
      'body.recordIds.3',
    ]);
    expect(JSON.stringify(res.body.errors)).toContain('nd-t-bad');
    expect(await t.db.knex('cases').where({ type: 'non-disclosure' })).toEqual([]);
    expect(await visibility(ok)).toEqual({ visible: true, reasons: [] });
  });

  test('refused or withdrawn: the records stay provided', async () => {
    await start();
    const a = await record('nd-t-r');
    const c = (await file([a])).body.id;
    expect((await act(c, 'refuse', {})).status).toBe(422);
    expect((await act(c, 'refuse', { reason: '申请人身份不符' })).body.outcome).toBe('refused');
    const d = (await file([a])).body.id;
    expect((await act(d, 'withdraw', {})).body.outcome).toBe('withdrawn');
    expect(await visibility(a)).toEqual({ visible: true, reasons: [] });
  });

  test('SLA: the credit center misses its 5 working days; the breach is recorded and escalated', async () => {
    await start();
    const c = (await file([await record('nd-t-late')])).body.id;
    await t.advanceWorkingDays(4);
    expect(await t.db.knex('sla_breaches').where({ case_id: c })).toEqual([]);
    await t.advanceWorkingDays(2);
    expect(await t.db.knex('sla_breaches').where({ case_id: c, rung: 'breach' })).toEqual([
      expect.objectContaining({ stage: 'review', unit_id: null }),
    ]);
  });

  test('武汉办法第二十九条: 2 working days, and the records are also marked deleted, never removed', async () => {
    await start('wuhan');
    const a = await record('nd-t-wh');
    const c = await file([a]);
    expect(c.body.stages[0].deadline.slice(0, 10)).toBe('2026-10-10');
    expect((await act(c.body.id, 'approve')).body.outcome).toBe('archived');
    const r = (await t.as('demo-clerk').get(`/api/records/${a}`)).body;
    expect(r.visibility).toEqual({ visible: false, reasons: ['archived', 'non-disclosed', 'deleted'] });
    expect(await t.db.knex('records').where({ id: a }).first('id')).toEqual({ id: a });
  });
});
