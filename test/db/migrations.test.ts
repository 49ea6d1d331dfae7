/**
 * Migrations upgrade (and roll back) databases that hold data, not only empty ones: a deployment's rows survive and every
 * foreign key still holds.
 */
import { seedDemoRecords } from '../../db/demo-records';
import { seedDemoUsers, seedReferenceData } from '../../db/seed';
import { freshDatabase } from '../support/db';

const AT = '2026-09-30T02:00:00.000Z';

describe('migration 20261125000500_case_platform', () => {
  test('upgrades a database with a case, its task and its events: units and records projected, keys intact', async () => {
    const db = await freshDatabase();
    const { knex } = db;
    try {
      while ((await knex.migrate.currentVersion()) >= '20261125000500') await knex.migrate.down();
      await knex('units').insert({ id: 'unit-a', name: '示例市市场监督管理局', created_at: AT });
      await knex('records').insert({
        id: 'rec-000001',
        subject_id: '91350200MA0000000X',
        subject_name: '示例星河科技有限公司',
        subject_kind: 'organization',
        provider_unit_id: 'unit-a',
        category: 'dishonesty',
        list_type: 'serious-dishonesty',
        content: '{}',
        decided_on: '2026-03-15',
        disclosure: 'public',
        version: 1,
        created_at: AT,
        updated_at: AT,
      });
      await knex('cases').insert({
        id: 'obj-20260930-000001',
        type: 'objection',
        state: 'verify',
        profile: 'xiamen',
        record_id: 'rec-000001',
        provider_unit_id: 'unit-a',
        verify_unit_id: 'unit-a',
        opened_at: AT,
        view: '{}',
        timeline_length: 2,
        updated_at: AT,
      });
      await knex('case_events').insert({
        case_id: 'obj-20260930-000001',
        seq: 1,
        at: AT,
        actor_role: 'clerk',
        event: 'accepted',
        detail: '{}',
      });
      await knex('tasks').insert({
        id: 'obj-20260930-000001:verify',
        case_id: 'obj-20260930-000001',
        case_type: 'objection',
        stage: 'verify',
        kind: 'verify',
        unit_id: 'unit-a',
        record_id: 'rec-000001',
        created_at: AT,
        due_at: AT,
        status: 'open',
      });

      await knex.migrate.latest();

      expect(await knex('cases').pluck('id')).toEqual(['obj-20260930-000001']);
      expect(await knex('case_units').select('case_id', 'unit_id')).toEqual([
        { case_id: 'obj-20260930-000001', unit_id: 'unit-a' },
      ]);
      expect(await knex('case_records').pluck('record_id')).toEqual(['rec-000001']);
      expect(await knex('tasks').pluck('id')).toEqual(['obj-20260930-000001:verify']);
      expect(await knex('case_events').pluck('event')).toEqual(['accepted']);
      if (db.kind === 'sqlite') {
        expect(await knex.raw('PRAGMA foreign_key_check')).toEqual([]);
        expect(await knex.raw('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
      }
    } finally {
      await db.close();
    }
  });
});

describe('every migration', () => {
  test('rolls back on a database holding the demo users and records, and migrates up again', async () => {
    const db = await freshDatabase();
    const { knex } = db;
    try {
      await seedReferenceData(knex, AT);
      await seedDemoUsers(knex, AT);
      await seedDemoRecords(knex, AT);
      const rolledBack: string[] = [];
      for (let version = await knex.migrate.currentVersion(); version !== 'none'; ) {
        await knex.migrate.down();
        rolledBack.push(version);
        version = await knex.migrate.currentVersion();
      }
      expect(rolledBack.length).toBeGreaterThanOrEqual(13);
      await knex.migrate.latest();
      expect(await knex.migrate.currentVersion()).toBe(rolledBack[0]);
    } finally {
      await db.close();
    }
  });
});
