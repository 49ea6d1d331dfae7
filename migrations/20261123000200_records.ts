import type { Knex } from 'knex';
import { dropAppendOnly, makeAppendOnly } from './lib/append-only';

/** Instants: UTC ISO 8601 text (as in the foundation migration). Dates: 'YYYY-MM-DD', Asia/Shanghai. */
const INSTANT = 32;
const DATE = 10;

export async function up(knex: Knex): Promise<void> {
  // One row per record with its current content and flags. Nothing is ever deleted (第二十三条: a repaired
  // record is kept; an objection's deletion only marks it), so there is no ON DELETE anywhere.
  await knex.schema.createTable('records', (t) => {
    t.string('id', 32).primary();
    t.string('subject_id', 18).notNullable();
    t.string('subject_name', 200).notNullable();
    t.string('subject_kind', 16).notNullable(); // organization | person
    t.string('provider_unit_id', 64).notNullable().references('id').inTable('units');
    t.string('category', 16).notNullable(); // dishonesty | positive | neutral
    t.string('list_type', 32).notNullable();
    t.text('content').notNullable(); // JSON
    t.string('decided_on', DATE).notNullable();
    t.string('disclosure', 16).notNullable(); // public | authorized | government
    t.string('disclosure_ends_on', DATE).nullable(); // last day of the 公示期 (第二十八条)
    t.integer('version').notNullable();
    // Flags: the case that holds each, so only that case can release it.
    t.string('objection_case_id', 64).nullable();
    t.string('suspended_by_case_id', 64).nullable();
    t.string('deleted_by_case_id', 64).nullable();
    t.boolean('repaired').notNullable().defaultTo(false);
    t.boolean('non_disclosed').notNullable().defaultTo(false);
    t.boolean('archived').notNullable().defaultTo(false);
    t.boolean('deleted').notNullable().defaultTo(false);
    t.boolean('pending_notice').notNullable().defaultTo(false);
    // 第十五条: the subject's written consent to collecting income/deposits/… was recorded.
    t.boolean('consent_recorded').notNullable().defaultTo(false);
    t.string('created_at', INSTANT).notNullable();
    t.string('updated_at', INSTANT).notNullable();
    t.index(['subject_id']);
    t.index(['provider_unit_id']);
  });

  // Every content a record has had, version 1 written at creation. Append-only: a correction is a new row.
  await knex.schema.createTable('record_versions', (t) => {
    t.increments('id').primary();
    t.string('record_id', 32).notNullable().references('id').inTable('records');
    t.integer('version').notNullable();
    t.text('content').notNullable();
    t.text('reason').notNullable();
    t.string('case_id', 64).nullable();
    // A retried activity carries the same key and finds its version already written.
    t.string('idempotency_key', 200).nullable().unique();
    t.string('created_at', INSTANT).notNullable();
    t.string('created_by', 64).nullable(); // user id; null for the system
    t.string('created_by_role', 16).notNullable();
    t.unique(['record_id', 'version']);
  });
  await makeAppendOnly(knex, 'record_versions');
}

export async function down(knex: Knex): Promise<void> {
  await dropAppendOnly(knex, 'record_versions');
  await knex.schema.dropTable('record_versions');
  await knex.schema.dropTable('records');
}
