import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { databaseConfig, type DatabaseKind } from './config';

export interface Database {
  knex: Knex;
  kind: DatabaseKind;
  describe: string;
  close(): Promise<void>;
}

/** Opens the database named by `url` (see databaseConfig) and brings its schema up to date. */
export async function openDatabase(url: string | undefined): Promise<Database> {
  const config = databaseConfig(url);
  if (config.kind === 'sqlite') {
    const filename = (config.knex.connection as { filename: string }).filename;
    if (filename !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(filename)), { recursive: true });
  }
  const knex = knexFactory(config.knex);
  await knex.migrate.latest();
  return { knex, kind: config.kind, describe: config.describe, close: () => knex.destroy() };
}
