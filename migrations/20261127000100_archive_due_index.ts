import type { Knex } from 'knex';

/**
 * 厦门办法第二十八条: a day's archiving timer (workflows/archive-day.ts) looks for the records not yet
 * archived whose period ended by that day — among all records ever collected, none of which is deleted.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('records', (t) => {
    t.index(['archived', 'disclosure_ends_on']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('records', (t) => {
    t.dropIndex(['archived', 'disclosure_ends_on']);
  });
}
