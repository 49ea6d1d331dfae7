import type { Knex } from 'knex';

/**
 * The migrations in the order they run. Listed here (not discovered on disk) so that jest, tsx and a
 * bundled build all load the same modules. Add a new file at the end; never edit one that has landed.
 */
const migrations: Record<string, Knex.Migration> = {
  '20261123000100_foundation': require('./20261123000100_foundation'),
  '20261123000200_records': require('./20261123000200_records'),
};

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations),
  getMigrationName: (name) => name,
  getMigration: async (name) => migrations[name],
};
