import type { Knex } from 'knex';
import { isPostgres } from './append-only';

/**
 * Drops columns a migration added. On SQLite knex rebuilds the table to drop a column (create a copy, copy
 * the rows, drop the original), and dropping the original fails once other tables' rows reference it
 * (records, say: versions, cases and audit entries point at them). SQLite's own ALTER TABLE … DROP COLUMN
 * (3.35+) removes the column in place; drop any index on it first.
 */
export async function dropColumns(knex: Knex, table: string, columns: readonly string[]): Promise<void> {
  if (isPostgres(knex)) {
    await knex.schema.alterTable(table, (t) => {
      for (const column of columns) t.dropColumn(column);
    });
    return;
  }
  for (const column of columns) await knex.raw('ALTER TABLE ?? DROP COLUMN ??', [table, column]);
}
