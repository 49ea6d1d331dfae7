import crypto from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import type { Knex } from 'knex';
import type { ClientBase } from 'pg';

/**
 * The transaction's own driver connection, for bulk writes that run the same large statement many times.
 * knex prepares every query anew and re-formats its bindings: for a 10,000-parameter INSERT that cost about
 * as much as running it. SQLite statements are kept prepared per connection; PostgreSQL ones are named, so
 * the server parses and plans each shape once per connection.
 */
export type BulkConnection =
  | { kind: 'sqlite'; db: BetterSqlite3.Database }
  | { kind: 'postgres'; client: ClientBase };

const prepared = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

export async function bulkConnection(trx: Knex.Transaction): Promise<BulkConnection> {
  // A transaction's client hands out the connection the transaction runs on (and never releases it).
  const connection: unknown = await trx.client.acquireConnection();
  return trx.client.config.client === 'better-sqlite3'
    ? { kind: 'sqlite', db: connection as BetterSqlite3.Database }
    : { kind: 'postgres', client: connection as ClientBase };
}

export function sqliteStatement(db: BetterSqlite3.Database, sql: string): BetterSqlite3.Statement {
  let statements = prepared.get(db);
  if (!statements) prepared.set(db, (statements = new Map()));
  let statement = statements.get(sql);
  if (!statement) statements.set(sql, (statement = db.prepare(sql)));
  return statement;
}

/** Runs `sql` ($1… placeholders); `named` keeps it prepared on the connection under a name of its text. */
export async function pgRun(
  client: ClientBase,
  sql: string,
  values: unknown[],
  named: boolean,
): Promise<void> {
  const name = named ? `bulk-${crypto.hash('sha1', sql, 'hex')}` : undefined;
  await client.query({ name, text: sql, values });
}
