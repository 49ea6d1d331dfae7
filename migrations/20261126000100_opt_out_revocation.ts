import type { Knex } from 'knex';
import { dropColumns } from './lib/drop-columns';

/**
 * 守信信息不公开 (厦门办法第二十七条): the subject may say otherwise. An opt-out is revoked, never deleted:
 * when, by whom and why are kept beside it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('non_disclosure_opt_outs', (t) => {
    t.string('revoked_at', 40).nullable();
    t.string('revoked_by', 64).nullable();
    t.text('revoke_reason').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await dropColumns(knex, 'non_disclosure_opt_outs', ['revoked_at', 'revoked_by', 'revoke_reason']);
}
