/**
 * Records the golden histories of the objection workflow (test/histories/*.json) from the current code.
 * Run it only when a workflow shape ships (`npm run histories:record`); the replay test then guards it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { historyToJSON } from '../engine';
import { testApp } from '../test/support/app';
import { happyPath, worstPath } from '../test/support/objection-paths';

async function main(): Promise<void> {
  const dir = path.join(__dirname, '..', 'test', 'histories');
  fs.mkdirSync(dir, { recursive: true });
  for (const [id, run] of [
    ['objection-happy', happyPath],
    ['objection-worst', worstPath],
  ] as const) {
    const t = await testApp();
    try {
      await run(t, id, 'rec-000001');
      const history = t.inProcess().history(id);
      fs.writeFileSync(path.join(dir, `${id}.json`), historyToJSON(history) + '\n');
      console.log(`recorded ${id}: ${history.events?.length} events`);
    } finally {
      await t.close();
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
