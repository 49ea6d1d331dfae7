import type { Knex } from 'knex';
import { makeAppendOnly, dropAppendOnly } from './lib/append-only';

const INSTANT = 32;
const DATE = 10;

/**
 * 厦门查询规则第十三条: query application materials, kept five years (retain_until), and the supervisor's
 * grants to read them. Both append-only: a material is never edited or destroyed by the application, a grant
 * ends by its date.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('application_materials', (t) => {
    t.string('id', 32).primary();
    t.string('applicant_name', 200).notNullable();
    t.string('applicant_id', 18).notNullable();
    t.string('subject_id', 18).notNullable(); // whose information the application asked for
    t.text('documents').notNullable(); // JSON [{ kind, reference }]: where the paper or scan is kept
    t.string('report_code', 32).nullable().references('code').inTable('reports');
    t.string('received_at', INSTANT).notNullable();
    t.string('received_by', 64).notNullable();
    t.string('retain_until', DATE).notNullable();
    t.index(['subject_id']);
  });
  await makeAppendOnly(knex, 'application_materials');

  await knex.schema.createTable('archive_grants', (t) => {
    t.increments('id').primary();
    t.string('material_id', 32).notNullable().references('id').inTable('application_materials');
    t.string('user_id', 64).notNullable().references('id').inTable('users');
    t.string('reason', 500).notNullable();
    t.string('expires_on', DATE).notNullable();
    t.string('granted_at', INSTANT).notNullable();
    t.string('granted_by', 64).notNullable();
    t.index(['material_id', 'user_id']);
  });
  await makeAppendOnly(knex, 'archive_grants');
}

export async function down(knex: Knex): Promise<void> {
  await dropAppendOnly(knex, 'archive_grants');
  await knex.schema.dropTable('archive_grants');
  await dropAppendOnly(knex, 'application_materials');
  await knex.schema.dropTable('application_materials');
}
