import type { Knex } from 'knex';
import { sqliteConnection, sqliteStatement } from './sqlite-statements';

/**
 * Inserts many rows of one shape with multi-row `INSERT … VALUES (…), (…)` statements whose text is built
 * once per chunk size: the query builder's per-insert compilation was most of the cost of a 10,000-row
 * collection batch. On SQLite the statements run on the transaction's own connection, prepared once per
 * connection: knex would prepare (and re-format the bindings of) every 10,000-parameter statement again,
 * which cost more than SQLite's inserting.
 *
 * `rowAt(i)` is asked for rows 0…count-1 in order, once each, a chunk at a time: a batch's rows are made as
 * they are bound rather than all kept at once (holding them all made the garbage collector copy them).
 * Every row must have the first row's columns. Identifiers are our own table and column names (never
 * input); values are always bound.
 */
export async function insertRows(
  trx: Knex.Transaction,
  table: string,
  count: number,
  rowAt: (i: number) => Record<string, unknown>,
  chunk: number,
): Promise<void> {
  if (count === 0) return;
  const first = rowAt(0);
  const columns = Object.keys(first);
  const head = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values `;
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const statementFor = (n: number) => head + Array.from({ length: n }, () => tuple).join(', ');
  const sqlite = await sqliteConnection(trx);
  const texts = new Map<number, string>();
  for (let i = 0, end = 0; i < count; i = end) {
    // SQLite keeps its statements: the tail goes one row at a time, so only two are kept per table.
    end = count - i >= chunk ? i + chunk : sqlite ? i + 1 : count;
    let sql = texts.get(end - i);
    if (sql === undefined) texts.set(end - i, (sql = statementFor(end - i)));
    const bindings: Knex.Value[] = new Array<Knex.Value>((end - i) * columns.length);
    let b = 0;
    for (let r = i; r < end; r++) {
      const row = r === 0 ? first : rowAt(r);
      for (const c of columns) bindings[b++] = sqlite ? sqliteValue(row[c]) : (row[c] as Knex.Value);
    }
    if (sqlite) sqliteStatement(sqlite, sql).run(bindings);
    else await trx.raw(sql, bindings);
  }
}

/** better-sqlite3 binds no booleans or dates: stored as knex's own driver stores them (0/1, epoch ms). */
function sqliteValue(value: unknown): Knex.Value {
  if (typeof value === 'boolean') return Number(value);
  if (value instanceof Date) return value.valueOf();
  return value as Knex.Value;
}
