import type { Knex } from 'knex';

/**
 * Inserts many rows of one shape with multi-row `INSERT … VALUES (…), (…)` statements whose text is built
 * once per chunk size: the query builder's per-insert compilation was most of the cost of a 10,000-row
 * collection batch. Every row must have the first row's columns. Identifiers are our own table and
 * column names (never input); values are always bound.
 */
export async function insertRows(
  trx: Knex.Transaction,
  table: string,
  rows: readonly Record<string, unknown>[],
  chunk: number,
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  const head = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values `;
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const statements = new Map<number, string>();
  for (let i = 0; i < rows.length; i += chunk) {
    const slice = rows.slice(i, i + chunk);
    let sql = statements.get(slice.length);
    if (sql === undefined) {
      sql = head + Array.from({ length: slice.length }, () => tuple).join(', ');
      statements.set(slice.length, sql);
    }
    const bindings: Knex.Value[] = [];
    for (const row of slice) for (const c of columns) bindings.push(row[c] as Knex.Value);
    await trx.raw(sql, bindings);
  }
}
