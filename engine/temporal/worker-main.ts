/** `npm run worker`: the product's workflows and activities on the Temporal server in the env. */
import path from 'node:path';
import { createActivities } from '../../activities';
import { openDatabase } from '../../db/connection';
import { runWorker } from './worker';

async function main(): Promise<void> {
  const db = await openDatabase(process.env.DATABASE_URL);
  try {
    await runWorker({
      workflowsPath: path.join(__dirname, '..', '..', 'workflows', 'index.ts'),
      activities: createActivities({ knex: db.knex }),
    });
  } finally {
    await db.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
