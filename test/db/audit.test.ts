import { appendAudit, verifyAuditChain } from '../../db/audit';
import type { Database } from '../../db/connection';
import { APPEND_ONLY_REFUSAL } from '../support/append-only';
import { freshDatabase } from '../support/db';

let db: Database;
beforeAll(async () => {
  db = await freshDatabase();
});
afterAll(() => db.close());

const entry = (n: number) => ({
  at: `2026-09-30T0${n}:00:00.000Z`,
  actorRole: 'admin',
  actorId: 'demo-admin',
  action: 'test.entry',
  entityType: 'test',
  entityId: String(n),
  detail: { n },
  reason: `reason ${n}`,
});

describe('audit_log (append-only, hash-chained)', () => {
  test('each entry links to the previous one and the chain verifies', async () => {
    await appendAudit(db.knex, entry(1));
    await appendAudit(db.knex, entry(2));
    const rows = await db.knex('audit_log').orderBy('id');
    expect(rows[1].prev_hash).toBe(rows[0].hash);
    expect(await verifyAuditChain(db.knex)).toEqual({ ok: true, entries: 2, brokenAt: null });
  });

  test('UPDATE and DELETE are refused by the database itself', async () => {
    await expect(db.knex('audit_log').update({ reason: 'rewritten' })).rejects.toMatchObject(
      APPEND_ONLY_REFUSAL,
    );
    await expect(db.knex('audit_log').delete()).rejects.toMatchObject(APPEND_ONLY_REFUSAL);
    const count = await db.knex('audit_log').count({ n: '*' }).first();
    expect(Number(count?.n)).toBe(2);
  });

  test('an inserted forgery breaks the chain where it was inserted', async () => {
    await db.knex('audit_log').insert({
      at: '2026-09-30T05:00:00.000Z',
      actor_role: 'admin',
      actor_id: 'intruder',
      action: 'test.entry',
      entity_type: 'test',
      entity_id: 'x',
      detail: '{}',
      reason: null,
      prev_hash: 'f'.repeat(64),
      hash: 'e'.repeat(64),
    });
    const result = await verifyAuditChain(db.knex);
    expect(result.ok).toBe(false);
    expect(result.brokenAt).toBe(3);
  });
});
