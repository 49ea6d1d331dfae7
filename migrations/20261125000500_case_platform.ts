import type { Knex } from 'knex';
import { isPostgres } from './lib/append-only';

/**
 * One projection for every case type (issue 9): the units and records a case involves get their own
 * rows, so scoping and lookups need no type-specific column; a case need not have one record; and each
 * open case says which dates its clocks can still be moved by, so a calendar edit reaches only those.
 */
/**
 * SQLite drops a column by rebuilding the table, and DROP TABLE of a parent with child rows fails while
 * foreign keys are enforced (deferring them does not help: the rebuilt table's rows do not count back).
 * So, as SQLite's documented procedure for table changes says: enforcement off outside the transaction,
 * the change in a transaction that checks every key before it commits, enforcement back on.
 */
export const config = { transaction: false };

async function withKeysCheckedAtTheEnd(knex: Knex, change: (trx: Knex.Transaction) => Promise<void>) {
  const sqlite = !isPostgres(knex);
  if (sqlite) await knex.raw('PRAGMA foreign_keys = OFF');
  try {
    await knex.transaction(async (trx) => {
      await change(trx);
      const broken = sqlite ? await trx.raw('PRAGMA foreign_key_check') : [];
      if (broken.length) throw new Error(`foreign keys broken by the change: ${JSON.stringify(broken)}`);
    });
  } finally {
    if (sqlite) await knex.raw('PRAGMA foreign_keys = ON');
  }
}

export const up = (knex: Knex) => withKeysCheckedAtTheEnd(knex, upInTransaction);
export const down = (knex: Knex) => withKeysCheckedAtTheEnd(knex, downInTransaction);

async function upInTransaction(knex: Knex.Transaction): Promise<void> {
  await knex.schema.createTable('case_units', (t) => {
    t.string('case_id', 64).notNullable().references('id').inTable('cases');
    t.string('unit_id', 64).notNullable();
    t.primary(['case_id', 'unit_id']);
    t.index(['unit_id']);
  });
  await knex.schema.createTable('case_records', (t) => {
    t.string('case_id', 64).notNullable().references('id').inTable('cases');
    t.string('record_id', 32).notNullable();
    t.primary(['case_id', 'record_id']);
    t.index(['record_id']);
  });
  await knex('case_units').insert(
    knex('cases').select('id as case_id', 'provider_unit_id as unit_id').whereNotNull('provider_unit_id'),
  );
  await knex.raw(
    `INSERT INTO case_units (case_id, unit_id) SELECT id, verify_unit_id FROM cases
     WHERE verify_unit_id IS NOT NULL AND verify_unit_id <> provider_unit_id`,
  );
  await knex('case_records').insert(knex('cases').select('id as case_id', 'record_id'));
  await knex.schema.alterTable('cases', (t) => {
    t.dropIndex(['record_id']);
  });
  await knex.schema.alterTable('cases', (t) => {
    t.dropColumn('record_id');
    t.dropColumn('provider_unit_id');
    t.dropColumn('verify_unit_id');
    // The first and last Shanghai dates a calendar edit could move an open deadline or timer over
    // (null until: no bound, e.g. a breached stage whose reminders run on).
    t.string('watch_from', 10).nullable();
    t.string('watch_until', 10).nullable();
    t.index(['closed_at', 'watch_from']);
  });
}

async function downInTransaction(knex: Knex.Transaction): Promise<void> {
  await knex.schema.alterTable('cases', (t) => {
    t.dropIndex(['closed_at', 'watch_from']);
    t.dropColumn('watch_from');
    t.dropColumn('watch_until');
    t.string('record_id', 32).nullable();
    t.index(['record_id']);
    t.string('provider_unit_id', 64).nullable();
    t.string('verify_unit_id', 64).nullable();
  });
  await knex.schema.dropTable('case_records');
  await knex.schema.dropTable('case_units');
}
