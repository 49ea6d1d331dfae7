import type { Knex } from 'knex';
import { dropAppendOnly, makeAppendOnly } from './lib/append-only';

/**
 * What a person must act on that no case stage owns: a notification that exhausted its retries, say.
 * Append-only: an alert is handled by a later entry, never by rewriting the one raised.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('operator_alerts', (t) => {
    t.string('key', 200).primary();
    t.string('case_id', 64).notNullable().index();
    t.string('kind', 40).notNullable();
    t.text('detail').notNullable();
    t.string('raised_at', 40).notNullable().index();
  });
  await makeAppendOnly(knex, 'operator_alerts');
}

export async function down(knex: Knex): Promise<void> {
  await dropAppendOnly(knex, 'operator_alerts');
  await knex.schema.dropTable('operator_alerts');
}
