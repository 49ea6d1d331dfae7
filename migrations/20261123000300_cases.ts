import type { Knex } from 'knex';
import { dropAppendOnly, makeAppendOnly } from './lib/append-only';

const INSTANT = 32;

/**
 * Projections of the case workflows: what lists, inboxes and dashboards read. The workflow is the
 * source of truth; every row here is written by an idempotent activity keyed by case and step.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('cases', (t) => {
    t.string('id', 64).primary();
    t.string('type', 32).notNullable();
    t.string('state', 32).notNullable();
    t.string('profile', 32).notNullable();
    t.string('record_id', 32).notNullable().references('id').inTable('records');
    t.string('provider_unit_id', 64).notNullable();
    t.string('verify_unit_id', 64).nullable();
    t.string('opened_at', INSTANT).notNullable();
    t.string('closed_at', INSTANT).nullable();
    t.string('outcome', 32).nullable();
    // UTC ISO so that text order is time order on both engines.
    t.string('next_deadline', INSTANT).nullable();
    t.boolean('breached').notNullable().defaultTo(false);
    t.text('view').notNullable();
    t.integer('timeline_length').notNullable();
    t.string('updated_at', INSTANT).notNullable();
    t.index(['type', 'state']);
    t.index(['next_deadline']);
    t.index(['record_id']);
  });

  await knex.schema.createTable('case_events', (t) => {
    t.increments('id').primary();
    t.string('case_id', 64).notNullable().references('id').inTable('cases');
    t.integer('seq').notNullable();
    t.string('at', INSTANT).notNullable();
    t.string('actor_role', 16).notNullable();
    t.string('actor_id', 64).nullable();
    t.string('actor_unit_id', 64).nullable();
    t.string('event', 64).notNullable();
    t.text('detail').notNullable();
    t.unique(['case_id', 'seq']);
  });
  await makeAppendOnly(knex, 'case_events');

  await knex.schema.createTable('tasks', (t) => {
    t.string('id', 96).primary(); // `${caseId}:${stage}`: one task per case stage
    t.string('case_id', 64).notNullable().references('id').inTable('cases');
    t.string('case_type', 32).notNullable();
    t.string('stage', 32).notNullable();
    t.string('kind', 32).notNullable();
    t.string('unit_id', 64).notNullable().references('id').inTable('units');
    t.string('record_id', 32).notNullable();
    t.string('created_at', INSTANT).notNullable();
    t.string('due_at', INSTANT).notNullable();
    t.string('status', 16).notNullable(); // open | done | cancelled
    t.string('closed_at', INSTANT).nullable();
    t.index(['unit_id', 'status']);
  });

  await knex.schema.createTable('sla_breaches', (t) => {
    t.increments('id').primary();
    t.string('case_id', 64).notNullable().references('id').inTable('cases');
    t.string('stage', 32).notNullable();
    t.string('rung', 32).notNullable();
    t.integer('level').notNullable();
    t.string('unit_id', 64).nullable(); // the responsible provider unit; null = the credit center
    t.string('deadline', INSTANT).notNullable();
    t.string('breached_at', INSTANT).notNullable();
    t.unique(['case_id', 'stage', 'rung']); // each rung is claimed once
  });
  await makeAppendOnly(knex, 'sla_breaches');

  // The notification outbox: the contract with whatever delivers messages (SMS, mail, the console).
  await knex.schema.createTable('notifications', (t) => {
    t.increments('id').primary();
    t.string('key', 128).notNullable().unique();
    t.string('case_id', 64).nullable();
    t.string('channel', 16).notNullable();
    t.string('recipient_kind', 16).notNullable(); // applicant | center | provider | supervisor
    t.string('recipient_id', 64).nullable();
    t.string('template', 64).notNullable();
    t.text('payload').notNullable();
    t.string('status', 16).notNullable(); // pending | sent | failed
    t.string('created_at', INSTANT).notNullable();
    t.index(['status']);
    t.index(['case_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('notifications');
  await dropAppendOnly(knex, 'sla_breaches');
  await knex.schema.dropTable('sla_breaches');
  await knex.schema.dropTable('tasks');
  await dropAppendOnly(knex, 'case_events');
  await knex.schema.dropTable('case_events');
  await knex.schema.dropTable('cases');
}
