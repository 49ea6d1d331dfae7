import crypto from 'node:crypto';
import knexFactory from 'knex';
import { openDatabase, type Database } from '../../db/connection';

/**
 * A fresh, migrated database for one test file: SQLite in memory by default, or a new PostgreSQL
 * database on the server named by DATABASE_URL (dropped again by close()).
 */
export interface FreshDatabaseOptions {
  /** PostgreSQL: the app connects through here (e.g. a proxy in front of the server); default the URL. */
  connectVia?: (url: URL) => URL;
}

export async function freshDatabase({ connectVia }: FreshDatabaseOptions = {}): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (!url || !/^postgres(ql)?:\/\//.test(url)) return openDatabase('sqlite::memory:');
  const name = `test_${crypto.randomBytes(6).toString('hex')}`;
  const admin = knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 1 } });
  await admin.raw(`CREATE DATABASE ${name}`);
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  const db = await openDatabase((connectVia ? connectVia(parsed) : parsed).toString());
  return {
    ...db,
    close: async () => {
      await db.close();
      await admin.raw(`DROP DATABASE IF EXISTS ${name}`);
      await admin.destroy();
    },
  };
}
