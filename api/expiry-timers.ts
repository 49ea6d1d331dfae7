/**
 * Arms the expiry timers of stored records (厦门办法第二十八条; workflows/record-expiry.ts). Starting is
 * idempotent: the workflow id is derived from the record's, and an id already used — running, or closed
 * because the record was archived — means the timer exists or did its work, so the conflict is success.
 * Armed records are marked (`expiry_armed`), so start-up arms what a stopped process left unarmed
 * (api/hand-over-recovery.ts); a re-submission re-arms safely too.
 */
import type { Knex } from 'knex';
import type { TimedRecord } from '../db/record-collection';
import { expiryWorkflowId, RECORD_EXPIRY_WORKFLOW } from '../domain/record-expiry';
import { startedOnce } from '../engine/errors';
import type { CaseEngine } from '../engine/types';
import type { RecordExpiryInput } from '../workflows/record-expiry';
import { forEachBounded, STARTS_IN_FLIGHT } from './bounded';

/** Rows per UPDATE … WHERE id IN (…): well under the bound-parameter limits. */
const MARK_CHUNK = 500;

export async function armExpiryTimers(
  knex: Knex,
  engine: CaseEngine,
  records: readonly TimedRecord[],
): Promise<void> {
  await forEachBounded(records, STARTS_IN_FLIGHT, async ({ recordId, endsOn }) => {
    const input: RecordExpiryInput = { recordId, endsOn };
    await startedOnce(engine.start(RECORD_EXPIRY_WORKFLOW, expiryWorkflowId(recordId), [input]));
  });
  for (let i = 0; i < records.length; i += MARK_CHUNK) {
    const ids = records.slice(i, i + MARK_CHUNK).map((r) => r.recordId);
    await knex('records').whereIn('id', ids).update({ expiry_armed: true });
  }
}
