import type { Knex } from 'knex';
import { bulkConnection, pgRun, sqliteStatement } from './bulk-connection';

/**
 * Inserts many rows of one shape with multi-row `INSERT … VALUES (…), (…)` statements whose text is built
 * once per chunk size and run on the transaction's own connection, prepared once (db/bulk-connection.ts):
 * the query builder's compilation, and preparing each 10,000-parameter statement anew, were most of the
 * cost of a 10,000-row collection batch.
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
  const connection = await bulkConnection(trx);
  const sqlite = connection.kind === 'sqlite';
  const head = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values `;
  const statementFor = (rows: number) => {
    const tuples: string[] = [];
    for (let r = 0; r < rows; r++) {
      const at = r * columns.length;
      tuples.push(`(${columns.map((_, c) => (sqlite ? '?' : `$${at + c + 1}`)).join(', ')})`);
    }
    return head + tuples.join(', ');
  };
  const texts = new Map<number, string>();
  for (let i = 0, end = 0; i < count; i = end) {
    // Only full chunks are kept prepared. SQLite's tail goes one row at a time, so two statements are kept
    // per table; PostgreSQL's goes as one statement, unprepared (a round trip a row would cost more).
    end = count - i >= chunk ? i + chunk : sqlite ? i + 1 : count;
    let sql = texts.get(end - i);
    if (sql === undefined) texts.set(end - i, (sql = statementFor(end - i)));
    const bindings: Knex.Value[] = new Array<Knex.Value>((end - i) * columns.length);
    let b = 0;
    for (let r = i; r < end; r++) {
      const row = r === 0 ? first : rowAt(r);
      for (const c of columns) bindings[b++] = sqlite ? sqliteValue(row[c]) : (row[c] as Knex.Value);
    }
    if (connection.kind === 'sqlite') sqliteStatement(connection.db, sql).run(bindings);
    else await pgRun(connection.client, sql, bindings, end - i === chunk);
  }
}

/** better-sqlite3 binds no booleans or dates: stored as knex's own driver stores them (0/1, epoch ms). */
function sqliteValue(value: unknown): Knex.Value {
  if (typeof value === 'boolean') return Number(value);
  if (value instanceof Date) return value.valueOf();
  return value as Knex.Value;
}
