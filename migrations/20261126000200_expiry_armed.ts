import type { Knex } from 'knex';
import { dropColumns } from './lib/drop-columns';

/**
 * 厦门办法第二十八条: whether a record's expiry timer is known to be armed. The collection hand-over runs after
 * its transaction commits; a process that stops in between leaves records unarmed, and start-up arms them
 * (api/hand-over-recovery.ts). Records stored before this migration are unarmed, so they get timers too.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('records', (t) => {
    t.boolean('expiry_armed').notNullable().defaultTo(false);
    // Start-up looks for the few unarmed records among all of them.
    t.index(['expiry_armed']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('records', (t) => {
    t.dropIndex(['expiry_armed']);
  });
  await dropColumns(knex, 'records', ['expiry_armed']);
}
