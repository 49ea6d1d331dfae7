import { openApiDocument } from '../../api/openapi';
import { testApp, type TestApp } from '../support/app';

// The virtual clock starts at 2026-09-30 10:00 +08:00.
let t: TestApp;
let id: string;
beforeAll(async () => {
  t = await testApp();
  const subjectId = (await t.as('demo-subject-org').get('/api/me')).body.subjectId;
  const res = await t
    .as('demo-clerk')
    .post('/api/application-materials')
    .send({
      applicant: { name: '测试甲', idNumber: '11010519491231002X' },
      subjectId,
      documents: [
        { kind: 'id-card', reference: '档案柜 A-1 第 3 袋' },
        { kind: 'power-of-attorney', reference: '档案柜 A-1 第 3 袋' },
        { kind: 'application-form', reference: '扫描件 2026/09/30-001' },
      ],
    });
  expect(res.status).toBe(201);
  id = res.body.id;
});
afterAll(() => t.close());

const actions = async () => t.db.knex('audit_log').where({ entity_id: id }).orderBy('id').pluck('action');

describe('厦门查询规则第十三条: the archive of query application materials', () => {
  test('厦门查询规则第十三条: filed materials carry their retention date, five years on', async () => {
    const res = await t.as('demo-supervisor').get(`/api/application-materials/${id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, retainUntil: '2031-09-30', receivedBy: 'demo-clerk' });
    expect(res.body.documents).toHaveLength(3);
    const schema = openApiDocument().components.schemas.ApplicationMaterial as { required: string[] };
    expect(Object.keys(res.body).sort()).toEqual([...schema.required].sort());
  });

  test('厦门查询规则第十三条: staff reading the archive without the supervisor’s grant is refused (403) and logged', async () => {
    const res = await t.as('demo-clerk').get(`/api/application-materials/${id}`);
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await actions()).at(-1)).toBe('archive.read-refused');
    const entry = await t.db
      .knex('audit_log')
      .where({ entity_id: id, action: 'archive.read-refused' })
      .first();
    expect(entry).toMatchObject({ actor_id: 'demo-clerk', actor_role: 'clerk' });
  });

  test('with the supervisor’s grant the clerk may read, until the grant’s last day; each read is logged', async () => {
    const grant = await t
      .as('demo-supervisor')
      .post(`/api/application-materials/${id}/grants`)
      .send({ userId: 'demo-clerk', reason: '复核授权查询', expiresOn: '2026-09-30' });
    expect(grant.status).toBe(201);
    const schema = openApiDocument().components.schemas.ArchiveGrant as { required: string[] };
    expect(Object.keys(grant.body).sort()).toEqual([...schema.required].sort());
    expect((await t.as('demo-clerk').get(`/api/application-materials/${id}`)).status).toBe(200);
    expect((await actions()).slice(-2)).toEqual(['archive.grant', 'archive.read']);
    await t.advanceTo('2026-09-30T16:00:00.000Z'); // 2026-10-01 +08:00: the grant has run out
    expect((await t.as('demo-clerk').get(`/api/application-materials/${id}`)).status).toBe(403);
    // Another user's grant does not help.
    expect((await t.as('demo-admin').get(`/api/application-materials/${id}`)).status).toBe(403);
  });

  test('refusals: only the supervisor grants; bad input is 422; an unknown material is 404', async () => {
    const body = { userId: 'demo-clerk', reason: 'x', expiresOn: '2026-12-31' };
    expect((await t.as('demo-clerk').post(`/api/application-materials/${id}/grants`).send(body)).status).toBe(
      403,
    );
    const bad = await t
      .as('demo-supervisor')
      .post(`/api/application-materials/${id}/grants`)
      .send({ userId: 'nobody', reason: 'x', expiresOn: '2026-01-01' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'body.expiresOn',
      'body.userId',
    ]);
    expect((await t.as('demo-supervisor').get('/api/application-materials/AM-NONE')).status).toBe(404);
    const empty = await t.as('demo-clerk').post('/api/application-materials').send({});
    expect(empty.status).toBe(422);
    expect(empty.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'body.applicant',
      'body.documents',
      'body.subjectId',
    ]);
  });

  test('materials cannot be changed or destroyed: the table is append-only', async () => {
    await expect(
      t.db.knex('application_materials').where({ id }).update({ retain_until: '2026-10-01' }),
    ).rejects.toMatchObject({
      message: expect.stringMatching(/append-only/),
    });
    await expect(t.db.knex('application_materials').where({ id }).delete()).rejects.toMatchObject({
      message: expect.stringMatching(/append-only/),
    });
  });
});
