import type { Knex } from 'knex';
import { dropAppendOnly, makeAppendOnly } from './lib/append-only';

/** Instants: UTC ISO 8601 text (as in the foundation migration). Dates: 'YYYY-MM-DD', Asia/Shanghai. */
const INSTANT = 32;
const DATE = 10;

/**
 * Credit reports, the subjects' authorization codes, and the permanent query log (厦门查询规则第十～十二条).
 * Reports, code uses and the log are append-only at the database level; an authorization is revoked by
 * setting its flag, never deleted.
 */
export async function up(knex: Knex): Promise<void> {
  // What each report showed, exactly as signed: the verify route recomputes the content hash from here.
  await knex.schema.createTable('reports', (t) => {
    t.string('code', 32).primary();
    t.string('kind', 16).notNullable(); // public | self | authorized | government
    t.string('purpose', 200).nullable();
    t.string('subject_id', 18).notNullable();
    t.string('queried_at', INSTANT).notNullable();
    t.text('content').notNullable(); // canonical JSON of { subject, kind, records }
    t.string('content_hash', 64).notNullable();
    t.string('actor_role', 16).notNullable(); // a role, or 'anonymous'
    t.string('actor_id', 64).nullable();
    t.string('authorization_code', 32).nullable();
    t.index(['subject_id']);
  });
  await makeAppendOnly(knex, 'reports');

  // 湖北平台: a subject authorizes a third party to query its non-public information with a code.
  await knex.schema.createTable('authorizations', (t) => {
    t.string('code', 32).primary();
    t.string('subject_id', 18).notNullable();
    t.string('purpose', 200).notNullable();
    t.string('grantee', 200).nullable();
    t.string('expires_on', DATE).notNullable(); // last day it may be used
    t.integer('max_uses').notNullable();
    t.string('issued_at', INSTANT).notNullable();
    t.string('issued_by', 64).notNullable();
    t.string('revoked_at', INSTANT).nullable();
    t.string('revoked_by', 64).nullable();
    t.index(['subject_id']);
  });

  // One row per report given on a code; the unique (code, use) pair makes two racing uses of the last
  // permitted use collide in the database instead of both succeeding.
  await knex.schema.createTable('authorization_uses', (t) => {
    t.increments('id').primary();
    t.string('authorization_code', 32).notNullable().references('code').inTable('authorizations');
    t.integer('use_no').notNullable();
    t.string('report_code', 32).notNullable().references('code').inTable('reports');
    t.string('used_at', INSTANT).notNullable();
    t.unique(['authorization_code', 'use_no']);
  });
  await makeAppendOnly(knex, 'authorization_uses');

  // 第十二条: 查询主体、查询日期、查询原因、查询结果 — kept permanently, refusals included.
  await knex.schema.createTable('query_log', (t) => {
    t.increments('id').primary();
    t.string('at', INSTANT).notNullable();
    t.string('actor_role', 16).notNullable(); // a role, or 'anonymous'
    t.string('actor_id', 64).nullable();
    t.string('actor_unit_id', 64).nullable();
    t.string('kind', 16).nullable(); // null when the request did not even name a valid kind
    t.string('purpose', 200).nullable();
    t.string('subject_id', 18).nullable();
    t.string('report_code', 32).nullable();
    t.string('authorization_code', 32).nullable();
    t.text('record_ids').notNullable(); // JSON array: what was returned
    t.string('outcome', 16).notNullable(); // provided | refused
    t.string('refusal', 64).nullable(); // the problem type of a refusal
    t.string('detail', 500).nullable();
    t.index(['subject_id', 'id']);
  });
  await makeAppendOnly(knex, 'query_log');
}

export async function down(knex: Knex): Promise<void> {
  await dropAppendOnly(knex, 'query_log');
  await knex.schema.dropTable('query_log');
  await dropAppendOnly(knex, 'authorization_uses');
  await knex.schema.dropTable('authorization_uses');
  await knex.schema.dropTable('authorizations');
  await dropAppendOnly(knex, 'reports');
  await knex.schema.dropTable('reports');
}
