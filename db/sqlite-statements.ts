import type BetterSqlite3 from 'better-sqlite3';
import type { Knex } from 'knex';

/**
 * Prepared statements kept per SQLite connection, for bulk writes that run the same large statement many
 * times: preparing a 10,000-parameter INSERT costs about as much as running it, and knex prepares every
 * query anew.
 */

const prepared = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

/** The transaction's own better-sqlite3 connection; null on PostgreSQL. */
export async function sqliteConnection(trx: Knex.Transaction): Promise<BetterSqlite3.Database | null> {
  if (trx.client.config.client !== 'better-sqlite3') return null;
  // A transaction's client hands out the connection the transaction runs on (and never releases it).
  return (await trx.client.acquireConnection()) as BetterSqlite3.Database;
}

export function sqliteStatement(db: BetterSqlite3.Database, sql: string): BetterSqlite3.Statement {
  let statements = prepared.get(db);
  if (!statements) prepared.set(db, (statements = new Map()));
  let statement = statements.get(sql);
  if (!statement) statements.set(sql, (statement = db.prepare(sql)));
  return statement;
}
