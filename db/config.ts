import path from 'node:path';
import type { Knex } from 'knex';
import { migrationSource } from '../migrations';

export type DatabaseKind = 'sqlite' | 'postgres';

export interface DatabaseConfig {
  kind: DatabaseKind;
  knex: Knex.Config;
  /** Where the SQLite file lives, or the PostgreSQL URL without its password. */
  describe: string;
}

export const DEFAULT_SQLITE_FILE = path.join('data', 'credit.sqlite3');

/**
 * DATABASE_URL: unset → ./data/credit.sqlite3; `sqlite:<path>` (`sqlite::memory:` for memory);
 * `postgres://…` / `postgresql://…` → PostgreSQL.
 */
export function databaseConfig(url: string | undefined): DatabaseConfig {
  const migrations = { migrationSource };
  if (url && /^postgres(ql)?:\/\//.test(url)) {
    return {
      kind: 'postgres',
      knex: {
        client: 'pg',
        connection: url,
        pool: { min: 0, max: 10 },
        // While the server is unreachable a request waits this long for a connection, then answers 503.
        acquireConnectionTimeout: 10_000,
        migrations,
      },
      describe: url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@'),
    };
  }
  if (url && !url.startsWith('sqlite:')) {
    throw new Error(`DATABASE_URL must start with postgres://, postgresql:// or sqlite: (got "${url}")`);
  }
  const filename = url ? url.slice('sqlite:'.length) : DEFAULT_SQLITE_FILE;
  return {
    kind: 'sqlite',
    knex: {
      client: 'better-sqlite3',
      connection: { filename },
      useNullAsDefault: true,
      // One connection: SQLite serializes writers anyway, and :memory: is per connection.
      pool: {
        min: 1,
        max: 1,
        afterCreate: (conn: { pragma(sql: string): void }, done: (err: Error | null) => void) => {
          conn.pragma('foreign_keys = ON');
          conn.pragma('journal_mode = WAL');
          conn.pragma('busy_timeout = 5000');
          done(null);
        },
      },
      migrations,
    },
    describe: filename,
  };
}
