import type { Knex } from 'knex';
import { dropAppendOnly, makeAppendOnly } from './lib/append-only';

/** Instants are stored as UTC ISO 8601 text so both engines compare and sort them the same way. */
const INSTANT = 32;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('units', (t) => {
    t.string('id', 64).primary();
    t.string('name', 200).notNullable();
    t.string('created_at', INSTANT).notNullable();
  });

  await knex.schema.createTable('users', (t) => {
    t.string('id', 64).primary();
    t.string('name', 200).notNullable();
    t.string('role', 16).notNullable();
    t.string('unit_id', 64).nullable().references('id').inTable('units');
    // sha256 of the bearer token: a leaked table does not leak credentials.
    t.string('token_hash', 64).notNullable().unique();
    t.boolean('disabled').notNullable().defaultTo(false);
    t.string('created_at', INSTANT).notNullable();
  });

  await knex.schema.createTable('calendar_days', (t) => {
    t.string('date', 10).primary();
    t.string('kind', 8).notNullable();
    t.string('name', 100).notNullable();
    t.string('source', 16).notNullable(); // state-council | admin
    t.string('updated_at', INSTANT).notNullable();
    t.string('updated_by', 64).nullable();
  });

  await knex.schema.createTable('calendar_years', (t) => {
    t.integer('year').primary();
    t.string('source', 16).notNullable();
    t.string('published_at', INSTANT).notNullable();
    t.string('published_by', 64).nullable();
  });

  // Events for running cases (today: "calendar changed"), delivered by a dispatcher; a row stays
  // undelivered until every running case has been told, so a crash in between loses nothing.
  await knex.schema.createTable('outbox_events', (t) => {
    t.increments('id').primary();
    t.string('kind', 32).notNullable();
    t.text('payload').notNullable();
    t.string('created_at', INSTANT).notNullable();
    t.string('delivered_at', INSTANT).nullable();
    t.index(['delivered_at']);
  });

  await knex.schema.createTable('audit_log', (t) => {
    t.increments('id').primary();
    t.string('at', INSTANT).notNullable();
    t.string('actor_role', 16).notNullable();
    t.string('actor_id', 64).nullable();
    t.string('action', 64).notNullable();
    t.string('entity_type', 32).notNullable();
    t.string('entity_id', 128).notNullable();
    t.text('detail').notNullable();
    t.text('reason').nullable();
    t.string('prev_hash', 64).notNullable();
    t.string('hash', 64).notNullable().unique();
    t.index(['entity_type', 'entity_id']);
  });
  await makeAppendOnly(knex, 'audit_log');
}

export async function down(knex: Knex): Promise<void> {
  await dropAppendOnly(knex, 'audit_log');
  await knex.schema.dropTable('audit_log');
  await knex.schema.dropTable('outbox_events');
  await knex.schema.dropTable('calendar_years');
  await knex.schema.dropTable('calendar_days');
  await knex.schema.dropTable('users');
  await knex.schema.dropTable('units');
}
