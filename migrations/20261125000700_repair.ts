import type { Knex } from 'knex';
import { dropColumns } from './lib/drop-columns';

/**
 * Credit repair (issue 10): the severity stored at collection decides a penalty's minimum publication period (国办发〔2025〕22号
 * §二); a law or central policy may forbid repairing a record (国家发展改革委令第36号); a repaired record keeps
 * when and by which case it was repaired (南通办法第十七条: noted in the database, never deleted).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('records', (t) => {
    t.boolean('repair_forbidden').notNullable().defaultTo(false);
    t.string('repaired_at', 40).nullable();
    t.string('repaired_by_case_id', 64).nullable();
    // The open repair case holding the record: of two filings at once exactly one wins.
    t.string('repair_case_id', 64).nullable();
  });
  // 守信信息不公开 (厦门办法第二十七条): a subject that opted out; its later positive records are not disclosed either.
  await knex.schema.createTable('non_disclosure_opt_outs', (t) => {
    t.string('subject_id', 32).notNullable();
    t.string('case_id', 64).notNullable();
    t.string('created_at', 40).notNullable();
    t.primary(['subject_id', 'case_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('non_disclosure_opt_outs');
  await dropColumns(knex, 'records', [
    'repair_forbidden',
    'repaired_at',
    'repaired_by_case_id',
    'repair_case_id',
  ]);
}
