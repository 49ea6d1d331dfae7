import type { Database } from '../../db/connection';
import { ANONYMOUS, appendQueryLog } from '../../db/query-log';
import { APPEND_ONLY_REFUSAL } from '../support/append-only';
import { freshDatabase } from '../support/db';

let db: Database;
beforeAll(async () => {
  db = await freshDatabase();
  await appendQueryLog(db.knex, {
    at: '2026-09-30T02:00:00.000Z',
    actor: ANONYMOUS,
    kind: 'public',
    purpose: null,
    subjectId: '91999999DM000001XA',
    reportCode: null,
    authorizationCode: null,
    recordIds: [],
    outcome: 'refused',
    refusal: 'validation-failed',
    detail: 'test',
  });
  // One row in each of the other append-only tables (a trigger only fires on a row it would change).
  const subjectId = '91999999DM000001XA';
  await db.knex('reports').insert({
    code: 'CR-TEST',
    kind: 'authorized',
    purpose: null,
    subject_id: subjectId,
    queried_at: '2026-09-30T02:00:00.000Z',
    content: '{}',
    content_hash: '0'.repeat(64),
    actor_role: 'anonymous',
    actor_id: null,
    authorization_code: 'AUTH-TEST',
  });
  await db.knex('authorizations').insert({
    code: 'AUTH-TEST',
    subject_id: subjectId,
    purpose: '测试',
    grantee: null,
    expires_on: '2026-10-30',
    max_uses: 1,
    issued_at: '2026-09-30T01:00:00.000Z',
    issued_by: 'demo-subject-org',
  });
  await db.knex('authorization_uses').insert({
    authorization_code: 'AUTH-TEST',
    use_no: 1,
    report_code: 'CR-TEST',
    used_at: '2026-09-30T02:00:00.000Z',
  });
});
afterAll(() => db.close());

const count = async (table: string) => Number((await db.knex(table).count({ n: '*' }).first())?.n);

describe('厦门查询规则第十二条: nobody may delete or change a log entry', () => {
  test('the database refuses UPDATE on query_log', async () => {
    await expect(db.knex('query_log').update({ outcome: 'provided' })).rejects.toMatchObject(
      APPEND_ONLY_REFUSAL,
    );
    expect((await db.knex('query_log').first()).outcome).toBe('refused');
  });

  test('the database refuses DELETE on query_log', async () => {
    await expect(db.knex('query_log').delete()).rejects.toMatchObject(APPEND_ONLY_REFUSAL);
    await expect(db.knex.raw('DELETE FROM query_log WHERE id = 1')).rejects.toMatchObject(
      APPEND_ONLY_REFUSAL,
    );
    expect(await count('query_log')).toBe(1);
  });

  test('reports and authorization-code uses are append-only too (what a report showed cannot be rewritten)', async () => {
    for (const table of ['reports', 'authorization_uses']) {
      await expect(
        db.knex(table).update({ [table === 'reports' ? 'content' : 'used_at']: 'x' }),
      ).rejects.toMatchObject(APPEND_ONLY_REFUSAL);
      await expect(db.knex(table).delete()).rejects.toMatchObject(APPEND_ONLY_REFUSAL);
    }
  });

  // SQLite has no TRUNCATE: there the test is reported as skipped, not as passed.
  const onPostgres = /^postgres(ql)?:/.test(process.env.DATABASE_URL ?? '') ? test : test.skip;
  onPostgres('TRUNCATE is refused on PostgreSQL', async () => {
    await expect(db.knex.raw('TRUNCATE query_log')).rejects.toMatchObject(APPEND_ONLY_REFUSAL);
  });
});
