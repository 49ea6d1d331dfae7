/** `npm run worker`: the product's workflows and activities on the Temporal server in the env. */
import path from 'node:path';
import { createActivities } from '../../activities';
import { openDatabase } from '../../db/connection';
import { temporalConfigFromEnv } from './config';
import { runWorker } from './worker';

async function main(): Promise<void> {
  // Checked before the database is opened (and migrated): without a server there is nothing to do.
  const config = temporalConfigFromEnv();
  if (!config)
    throw new Error('TEMPORAL_ADDRESS is not set: no Temporal server to poll (see engine/README.md)');
  const db = await openDatabase(process.env.DATABASE_URL);
  try {
    await runWorker({
      workflowsPath: path.join(__dirname, '..', '..', 'workflows', 'index.ts'),
      activities: createActivities({ knex: db.knex }),
      config,
    });
  } finally {
    await db.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
