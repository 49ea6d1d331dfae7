/**
 * Arms the expiry timers of stored records (厦门办法第二十八条; workflows/record-expiry.ts). Starting is
 * idempotent: the workflow id is derived from the record's, and an id already used — running, or closed
 * because the record was archived — means the timer exists or did its work, so the conflict is success.
 * Armed records are marked (`expiry_armed`), so start-up arms what a stopped process left unarmed
 * (api/hand-over-recovery.ts); a re-submission re-arms safely too.
 */
import type { Knex } from 'knex';
import { chunks } from '../db/chunks';
import type { TimedRecord } from '../db/record-collection';
import { expiryWorkflowId, RECORD_EXPIRY_WORKFLOW } from '../domain/record-expiry';
import { startedOnce } from '../engine/errors';
import type { CaseEngine } from '../engine/types';
import type { RecordExpiryInput } from '../workflows/record-expiry';
import { forEachBounded, STARTS_IN_FLIGHT } from './bounded';

export async function armExpiryTimers(
  knex: Knex,
  engine: CaseEngine,
  records: readonly TimedRecord[],
): Promise<void> {
  await forEachBounded(records, STARTS_IN_FLIGHT, async ({ recordId, endsOn }) => {
    const input: RecordExpiryInput = { recordId, endsOn };
    await startedOnce(engine.start(RECORD_EXPIRY_WORKFLOW, expiryWorkflowId(recordId), [input]));
  });
  for (const part of chunks(records)) {
    await knex('records')
      .whereIn(
        'id',
        part.map((r) => r.recordId),
      )
      .update({ expiry_armed: true });
  }
}
