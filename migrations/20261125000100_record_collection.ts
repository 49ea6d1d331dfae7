import type { Knex } from 'knex';
import { dropColumns } from './lib/drop-columns';

/**
 * Record collection by provider units (厦门办法第十一条, 第十三条, 第十五条; API.md "Record collection"):
 * the provider's own record number, unique per unit so a re-submission finds the record it already made;
 * a fingerprint of what was submitted, to tell a repeat from a different record under the same number;
 * the penalty severity the disclosure period depends on; the consent reference (第十五条第二款); and the
 * legal basis of an exemption from the pre-collection notice (第十三条).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('records', (t) => {
    t.string('source_record_no', 64).nullable(); // null for records seeded or created before collection
    t.string('submission_hash', 64).nullable(); // sha256 of the canonical submission
    t.string('severity', 16).nullable(); // minor | general | serious (administrative penalties)
    t.string('consent_ref', 200).nullable();
    t.text('notice_exemption_basis').nullable();
  });
  // NULLs never collide, on SQLite and PostgreSQL alike: seeded records need no number.
  await knex.schema.alterTable('records', (t) => {
    t.unique(['provider_unit_id', 'source_record_no'], { indexName: 'records_source_record_no_unique' });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('records', (t) => {
    t.dropUnique(['provider_unit_id', 'source_record_no'], 'records_source_record_no_unique');
  });
  await dropColumns(knex, 'records', [
    'notice_exemption_basis',
    'consent_ref',
    'severity',
    'submission_hash',
    'source_record_no',
  ]);
}
