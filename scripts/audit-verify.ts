/** Recomputes the audit log's hash chain and exits non-zero if any entry was altered or removed. */
import { verifyAuditChain } from '../db/audit';
import { openDatabase } from '../db/connection';

async function main(): Promise<void> {
  const db = await openDatabase(process.env.DATABASE_URL);
  try {
    const result = await verifyAuditChain(db.knex);
    console.log(JSON.stringify(result));
    if (!result.ok) {
      console.error(
        `audit chain broken at entry ${result.brokenAt} (${result.broken}): entries from there on cannot be trusted`,
      );
      process.exitCode = 1;
    }
  } finally {
    await db.close();
  }
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exitCode = 1;
});
