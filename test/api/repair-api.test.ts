/**
 * 信用修复 over HTTP in virtual time (厦门办法第二十三条、第二十八条; 南通办法第十六～十七条; 国办发〔2025〕22号):
 * each effect checked on the record's visibility (GET /api/records/:id) and in a public credit report.
 */
import request from 'supertest';
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

/** A key-attention dishonesty record of unit-a (1 year: 2026-05-01 … 2027-05-01), past its 3 months. */
const record = (id: string, over: Partial<NewRecord> = {}) =>
  seedRecord(t, id, {
    subjectId,
    category: 'dishonesty',
    listType: 'key-attention',
    content: { matter: '未按期履行' },
    ...over,
  });

const file = (recordId: string, token = 'demo-clerk', over: object = {}) =>
  t
    .as(token)
    .post('/api/repairs')
    .send({
      recordId,
      applicant: TEST_APPLICANT,
      basis: 'commitment',
      commitment: '承诺依法诚信经营',
      evidence: ['罚款缴纳凭证'],
      ...over,
    });
const act = (id: string, action: string, body: object = {}, token = 'demo-clerk') =>
  t.as(token).post(`/api/cases/${id}/actions/${action}`).send(body);
const visibility = (id: string) => visibilityOf(t, id);
const inPublicReport = async (id: string) => {
  const report = await request(t.app).post('/api/reports').send({ subjectId, kind: 'public' });
  expect(report.status).toBe(201);
  return (report.body.records as { id: string }[]).some((r) => r.id === id);
};

describe('credit repair API', () => {
  test('厦门办法第二十三条、南通办法第十七条: filed by the provider unit, accepted, approved: hidden, marked, never deleted', async () => {
    await start();
    const id = await record('rep-t-1');
    expect(await visibility(id)).toEqual({ visible: true, reasons: [] });
    expect(await inPublicReport(id)).toBe(true);

    const filed = await file(id, 'demo-provider-a');
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ type: 'repair', state: 'accept', recordId: id, basis: 'commitment' });
    expect(await visibility(id)).toEqual({ visible: true, reasons: [] });

    const accepted = await act(filed.body.id, 'accept');
    expect(accepted.status).toBe(200);
    expect(accepted.body.state).toBe('review');
    expect(
      await t.db.knex('tasks').where({ case_id: filed.body.id, status: 'open' }).pluck('unit_id'),
    ).toEqual(['unit-a']);
    expect(await visibility(id)).toEqual({ visible: true, reasons: [] });

    // 谁认定、谁修复: another unit's provider does not even see the case; a clerk may not decide.
    expect((await act(filed.body.id, 'approve', { reason: '已整改' }, 'demo-provider-b')).status).toBe(404);
    expect((await act(filed.body.id, 'approve', { reason: '已整改' })).status).toBe(403);
    const approved = await act(filed.body.id, 'approve', { reason: '已履行并整改' }, 'demo-provider-a');
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ state: 'closed', outcome: 'repaired' });

    const after = (await t.as('demo-clerk').get(`/api/records/${id}`)).body;
    expect(after.visibility).toEqual({ visible: false, reasons: ['repaired'] });
    expect(after.flags).toMatchObject({ repaired: true, deleted: false });
    expect(after.repair).toEqual({ repairedAt: expect.any(String), caseId: filed.body.id });
    expect(await inPublicReport(id)).toBe(false);
    const notes = await t.db
      .knex('notifications')
      .where({ case_id: filed.body.id })
      .select('recipient_kind', 'recipient_id', 'template');
    expect(notes).toEqual(
      expect.arrayContaining([
        { recipient_kind: 'provider', recipient_id: 'unit-a', template: TEMPLATES.recordRepaired },
        {
          recipient_kind: 'applicant',
          recipient_id: TEST_APPLICANT.idNumber,
          template: TEMPLATES.repairDecided,
        },
      ]),
    );
    expect(await t.db.knex('tasks').where({ case_id: filed.body.id }).pluck('status')).toEqual(['done']);
    // Repaired already: a second filing is refused.
    expect((await file(id)).body).toMatchObject({ status: 409, reason: 'repaired' });
  });

  test('denied or refused: the decision and its reason reach the applicant; the record stays visible', async () => {
    await start();
    const id = await record('rep-t-2');
    const a = (await file(id)).body.id;
    expect((await act(a, 'refuse', { reason: '材料不全' })).body).toMatchObject({ outcome: 'refused' });
    const b = (await file(id)).body.id;
    await act(b, 'accept');
    expect((await act(b, 'deny', { reason: '未完成整改' }, 'demo-provider-a')).body).toMatchObject({
      outcome: 'denied',
    });
    const c = (await file(id)).body.id;
    await act(c, 'accept');
    expect((await act(c, 'withdraw', {})).body).toMatchObject({ outcome: 'withdrawn' });
    expect(await t.db.knex('tasks').where({ case_id: c }).pluck('status')).toEqual(['cancelled']);
    expect(await visibility(id)).toEqual({ visible: true, reasons: [] });
    const told = await t.db
      .knex('notifications')
      .where({ template: TEMPLATES.repairDecided })
      .pluck('payload');
    expect(told.map((p: string) => JSON.parse(p).reason)).toEqual(
      expect.arrayContaining(['材料不全', '未完成整改']),
    );
  });

  test('refusals at filing (厦门办法第二十三条、第二十八条; 国办发〔2025〕22号; 令第36号)', async () => {
    await start();
    const positive = await record('rep-t-pos', { category: 'positive', listType: 'commendation' });
    expect((await file(positive)).status).toBe(422);
    const archived = await record('rep-t-arch', { archived: true });
    expect((await file(archived)).body).toMatchObject({ status: 409, reason: 'archived' });
    const forbidden = await record('rep-t-law', { repairForbidden: true });
    expect((await file(forbidden)).body).toMatchObject({ status: 409, reason: 'forbidden-by-law' });
    // 第二十八条: decided 2026-08-15, published at least until 2026-11-15: eligible from 2026-11-16.
    const early = await record('rep-t-early', { decidedOn: '2026-08-15' });
    const tooEarly = await file(early);
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.body).toMatchObject({ reason: 'too-early', eligibleOn: '2026-11-16' });
    // 22号: a serious penalty, one year from 2026-05-01.
    const serious = await record('rep-t-serious', {
      listType: 'administrative-penalty',
      severity: 'serious',
      disclosureEndsOn: '2028-05-01',
    });
    expect((await file(serious)).body).toMatchObject({ status: 409, eligibleOn: '2027-05-02' });
    // An open repair case.
    const open = await record('rep-t-open');
    const first = (await file(open)).body.id;
    expect((await file(open)).body).toMatchObject({ status: 409, reason: 'open-repair', caseId: first });
    // Another unit's provider may not file for unit-a's record.
    expect((await file(await record('rep-t-unit'), 'demo-provider-b')).status).toBe(422);
    // The commitment basis needs the 信用承诺; evidence is required.
    expect(
      (await file(await record('rep-t-body'), 'demo-clerk', { commitment: undefined, evidence: [] })).status,
    ).toBe(422);
    expect(await t.db.knex('cases').where({ type: 'repair' }).pluck('id')).toEqual([first]);
  });

  test('API.md: ten filings on one record at once: exactly one case, the rest 409 naming it; closing releases it', async () => {
    await start();
    const id = await record('rep-t-race');
    const answers = await Promise.all(Array.from({ length: 10 }, () => file(id)));
    const created = answers.filter((r) => r.status === 201);
    expect(created).toHaveLength(1);
    const winner = created[0].body.id;
    expect(
      answers.filter((r) => r.status !== 201).every((r) => r.status === 409 && r.body.caseId === winner),
    ).toBe(true);
    await t.settled();
    expect(await t.db.knex('cases').where({ type: 'repair' }).pluck('id')).toEqual([winner]);
    await act(winner, 'withdraw', {});
    expect((await file(id)).status).toBe(201);
  });

  test('a repair claim whose start never happened is released once its grace has passed; a young one is not', async () => {
    await start();
    const id = await record('rep-t-stale');
    const leaveClaim = (updatedAt: string) =>
      t.db
        .knex('records')
        .where({ id })
        .update({ repair_case_id: 'rep-never-started', updated_at: updatedAt });
    await leaveClaim(new Date(Date.parse(t.now()) - 60_000).toISOString());
    expect((await file(id)).body).toMatchObject({ status: 409, caseId: 'rep-never-started' });
    await leaveClaim(new Date(Date.parse(t.now()) - 6 * 60_000).toISOString());
    expect((await file(id)).status).toBe(201);
  });

  test('SLA (same ladder as objections): the provider unit misses its 7 working days; breach recorded, record untouched', async () => {
    await start();
    const id = await record('rep-t-late');
    const c = (await file(id)).body.id;
    await act(c, 'accept');
    await t.advanceWorkingDays(6);
    expect(await t.db.knex('sla_breaches').where({ case_id: c })).toEqual([]);
    await t.advanceWorkingDays(2);
    const breaches = await t.db.knex('sla_breaches').where({ case_id: c, rung: 'breach' });
    expect(breaches).toEqual([expect.objectContaining({ stage: 'review', unit_id: 'unit-a' })]);
    expect(await visibility(id)).toEqual({ visible: true, reasons: [] });
    expect((await act(c, 'approve', { reason: '迟到的审核' }, 'demo-provider-a')).body.outcome).toBe(
      'repaired',
    );
    expect(await visibility(id)).toEqual({ visible: false, reasons: ['repaired'] });
  });

  test('under an open objection: the repair leaves the annotation to the objection, hides the record; the objection still closes', async () => {
    await start();
    const id = await record('rep-t-obj');
    const objection = await t.fileObjection(id);
    expect((await t.as('demo-clerk').get(`/api/records/${id}`)).body.annotations).toEqual(['objection']);
    const c = (await file(id)).body.id;
    await act(c, 'accept');
    expect((await act(c, 'approve', { reason: '已整改' }, 'demo-provider-a')).body.outcome).toBe('repaired');
    const during = (await t.as('demo-clerk').get(`/api/records/${id}`)).body;
    expect(during.visibility).toEqual({ visible: false, reasons: ['repaired'] });
    expect(during.flags.objectionCaseId).toBe(objection.id);
    expect(during.annotations).toEqual([]);
    const withdrawn = await act(objection.id, 'withdraw', { reason: '已修复' });
    expect(withdrawn.body).toMatchObject({ state: 'closed', outcome: 'withdrawn' });
    const after = (await t.as('demo-clerk').get(`/api/records/${id}`)).body;
    expect(after.flags).toMatchObject({ objectionCaseId: null, repaired: true });
    expect(after.visibility).toEqual({ visible: false, reasons: ['repaired'] });
  });
});
