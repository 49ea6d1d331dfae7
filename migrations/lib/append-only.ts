import type { Knex } from 'knex';

/**
 * Makes a table append-only at the database level: UPDATE and DELETE (and TRUNCATE on PostgreSQL) are
 * refused by triggers, so not even a direct SQL session can rewrite the log. The two engines need
 * different trigger syntax; this is the one place that branches on the client.
 */
export async function makeAppendOnly(knex: Knex, table: string): Promise<void> {
  if (isPostgres(knex)) {
    await knex.raw(`
      CREATE OR REPLACE FUNCTION refuse_append_only_change() RETURNS trigger AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
      END
      $$ LANGUAGE plpgsql`);
    await knex.raw(
      `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
       FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change()`,
    );
    await knex.raw(
      `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
       FOR EACH STATEMENT EXECUTE FUNCTION refuse_append_only_change()`,
    );
    return;
  }
  for (const op of ['UPDATE', 'DELETE']) {
    await knex.raw(
      `CREATE TRIGGER ${table}_no_${op.toLowerCase()} BEFORE ${op} ON ${table}
       BEGIN SELECT RAISE(ABORT, '${table} is append-only: ${op} refused'); END`,
    );
  }
}

export async function dropAppendOnly(knex: Knex, table: string): Promise<void> {
  if (isPostgres(knex)) {
    await knex.raw(`DROP TRIGGER IF EXISTS ${table}_append_only ON ${table}`);
    await knex.raw(`DROP TRIGGER IF EXISTS ${table}_no_truncate ON ${table}`);
    return;
  }
  await knex.raw(`DROP TRIGGER IF EXISTS ${table}_no_update`);
  await knex.raw(`DROP TRIGGER IF EXISTS ${table}_no_delete`);
}

export function isPostgres(knex: Knex): boolean {
  return knex.client.config.client === 'pg';
}
