import type { Knex } from 'knex';

/**
 * Subjects (信用主体) sign in as users after identity verification (000 第六条第一项): the user row carries the
 * 统一社会信用代码 / 身份证号 it was verified for, so "its own" records and query-log entries are a lookup.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.string('subject_id', 18).nullable();
    t.index(['subject_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.dropIndex(['subject_id']);
    t.dropColumn('subject_id');
  });
}
