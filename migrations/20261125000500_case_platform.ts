import type { Knex } from 'knex';

/**
 * One projection for every case type (issue 9): the units and records a case involves get their own
 * rows, so scoping and lookups need no type-specific column; a case need not have one record; and each
 * open case says which dates its clocks can still be moved by, so a calendar edit reaches only those.
 */
export async function up(knex: Knex): Promise<void> {
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

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cases', (t) => {
    t.dropIndex(['closed_at', 'watch_from']);
    t.dropColumn('watch_from');
    t.dropColumn('watch_until');
    t.string('record_id', 32).nullable();
    t.string('provider_unit_id', 64).nullable();
    t.string('verify_unit_id', 64).nullable();
  });
  await knex.schema.dropTable('case_records');
  await knex.schema.dropTable('case_units');
}
