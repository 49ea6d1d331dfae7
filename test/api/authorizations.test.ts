import request from 'supertest';
import { testApp, type TestApp } from '../support/app';

// The virtual clock starts at 2026-09-30 10:00 +08:00.
let t: TestApp;
let orgId: string;
beforeAll(async () => {
  t = await testApp();
  orgId = (await t.as('demo-subject-org').get('/api/me')).body.subjectId;
});
afterAll(() => t.close());

const issue = (body: Record<string, unknown>, token = 'demo-subject-org') =>
  t.as(token).post('/api/authorizations').send(body);
const authorizedReport = (code: string, subjectId = orgId) =>
  request(t.app).post('/api/reports').send({ subjectId, kind: 'authorized', authorizationCode: code });
const lastLog = async () =>
  (await t.db.knex('query_log').orderBy('id', 'desc').first()) as Record<string, unknown>;

describe('湖北平台 授权码: a subject authorizes a third party', () => {
  test('the subject issues a code for a purpose, an expiry and optionally a grantee', async () => {
    const res = await issue({
      purpose: '银行贷款审查',
      grantee: '示例银行股份有限公司',
      expiresOn: '2026-10-31',
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      code: expect.stringMatching(/^AQ(-[0-9A-Z]{4}){4}$/),
      subjectId: orgId,
      purpose: '银行贷款审查',
      grantee: '示例银行股份有限公司',
      expiresOn: '2026-10-31',
      maxUses: 1,
      uses: 0,
      issuedAt: expect.stringMatching(/\+08:00$/),
      revokedAt: null,
      status: 'active',
    });
  });

  test('厦门查询规则第六条第二项: a valid code gives an authorized report — public and authorized records, never government-shared', async () => {
    const { code } = (
      await issue({ purpose: '招投标资格审查', grantee: '示例采购中心', expiresOn: '2026-10-31' })
    ).body;
    const res = await authorizedReport(code);
    expect(res.status).toBe(201);
    const ids = res.body.records.map((r: { id: string }) => r.id);
    expect(ids).toContain('rec-000059');
    expect(ids).not.toContain('rec-000060');
    expect(res.body).toMatchObject({
      kind: 'authorized',
      purpose: '招投标资格审查',
      grantee: '示例采购中心',
    });
    expect(await lastLog()).toMatchObject({
      kind: 'authorized',
      authorization_code: code,
      outcome: 'provided',
    });
  });

  test('one report per code use: a second report on a single-use code is refused (403) and logged', async () => {
    const { code } = (await issue({ purpose: '一次', expiresOn: '2026-10-31' })).body;
    expect((await authorizedReport(code)).status).toBe(201);
    const again = await authorizedReport(code);
    expect(again.status).toBe(403);
    expect(again.body.authorization).toBe('used-up');
    expect(await lastLog()).toMatchObject({
      outcome: 'refused',
      refusal: 'forbidden',
      authorization_code: code,
    });
    const listed = (await t.as('demo-subject-org').get('/api/authorizations')).body.items;
    expect(listed.find((a: { code: string }) => a.code === code)).toMatchObject({
      uses: 1,
      status: 'used-up',
    });
  });

  test('a code may allow several reports, as the subject configured', async () => {
    const { code } = (await issue({ purpose: '三次', expiresOn: '2026-10-31', maxUses: 3 })).body;
    for (let i = 0; i < 3; i++) expect((await authorizedReport(code)).status).toBe(201);
    expect((await authorizedReport(code)).status).toBe(403);
  });

  test('two racing reports on the last use: exactly one succeeds', async () => {
    const { code } = (await issue({ purpose: '并发', expiresOn: '2026-10-31' })).body;
    const statuses = (await Promise.all([authorizedReport(code), authorizedReport(code)])).map(
      (r) => r.status,
    );
    expect(statuses.sort()).toEqual([201, 403]);
  });

  test('a revoked code is refused (403), and the refusal is logged; revocation is a flag, never a delete', async () => {
    const { code } = (await issue({ purpose: '撤销', expiresOn: '2026-10-31' })).body;
    const revoked = await t.as('demo-subject-org').post(`/api/authorizations/${code}/revoke`);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ status: 'revoked', revokedAt: expect.stringMatching(/\+08:00$/) });
    const again = await t.as('demo-subject-org').post(`/api/authorizations/${code}/revoke`);
    expect(again.body.revokedAt).toBe(revoked.body.revokedAt);
    const res = await authorizedReport(code);
    expect(res.status).toBe(403);
    expect(res.body.authorization).toBe('revoked');
    expect(await lastLog()).toMatchObject({ outcome: 'refused', authorization_code: code });
    expect(await t.db.knex('authorizations').where({ code }).first()).toMatchObject({
      revoked_by: 'demo-subject-org',
    });
    expect(await t.db.knex('audit_log').where({ entity_id: code }).pluck('action')).toEqual([
      'authorization.issue',
      'authorization.revoke',
    ]);
  });

  test('an expired code is refused (403) and logged', async () => {
    const { code } = (await issue({ purpose: '过期', expiresOn: '2026-09-30' })).body;
    await t.advanceTo('2026-09-30T16:00:00.000Z'); // 2026-10-01 00:00 +08:00: the day after its last day
    const res = await authorizedReport(code);
    expect(res.status).toBe(403);
    expect(res.body.authorization).toBe('expired');
    expect(await lastLog()).toMatchObject({ outcome: 'refused', authorization_code: code });
  });

  test("an unknown code, or one for another subject, is refused alike (403 'unknown')", async () => {
    const personId = (await t.as('demo-subject-person').get('/api/me')).body.subjectId;
    const { code } = (await issue({ purpose: '他人', expiresOn: '2026-12-31' })).body;
    for (const res of [
      await authorizedReport('AQ-0000-0000-0000-0000'),
      await authorizedReport(code, personId),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.authorization).toBe('unknown');
    }
  });

  test('a subject lists its own codes only, and cannot revoke another subject’s (404)', async () => {
    const { code } = (await issue({ purpose: '个人', expiresOn: '2026-12-31' }, 'demo-subject-person')).body;
    const org = (await t.as('demo-subject-org').get('/api/authorizations?pageSize=200')).body;
    expect(org.total).toBeGreaterThan(0);
    for (const a of org.items) expect(a.subjectId).toBe(orgId);
    expect((await t.as('demo-subject-org').post(`/api/authorizations/${code}/revoke`)).status).toBe(404);
    expect(
      (await t.as('demo-subject-person').get('/api/authorizations')).body.items.map(
        (a: { code: string }) => a.code,
      ),
    ).toEqual([code]);
  });

  test('only subjects issue, list and revoke codes', async () => {
    for (const token of ['demo-clerk', 'demo-admin', 'demo-supervisor', 'demo-provider-a']) {
      expect((await issue({ purpose: 'x', expiresOn: '2026-12-31' }, token)).status).toBe(403);
      expect((await t.as(token).get('/api/authorizations')).status).toBe(403);
    }
    expect((await request(t.app).get('/api/authorizations')).status).toBe(401);
  });

  test('bad input is refused with the offending fields (422)', async () => {
    const cases: [Record<string, unknown>, string[]][] = [
      [{}, ['body.expiresOn', 'body.purpose']],
      [{ purpose: 'x', expiresOn: '2026-02-30' }, ['body.expiresOn']],
      [{ purpose: 'x', expiresOn: '2025-01-01' }, ['body.expiresOn']],
      [{ purpose: 'x', expiresOn: '2028-01-01' }, ['body.expiresOn']],
      [{ purpose: 'x', expiresOn: '2026-12-31', maxUses: 0 }, ['body.maxUses']],
      [{ purpose: 'x', expiresOn: '2026-12-31', maxUses: 11 }, ['body.maxUses']],
    ];
    for (const [body, fields] of cases) {
      const res = await issue(body);
      expect(res.status).toBe(422);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(fields);
    }
    const res = await request(t.app)
      .post('/api/reports')
      .send({ subjectId: orgId, kind: 'public', authorizationCode: 'AQ-X' });
    expect(res.status).toBe(422);
  });
});
