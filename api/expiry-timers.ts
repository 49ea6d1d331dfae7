/**
 * Arms the expiry timers of stored records (厦门办法第二十八条; workflows/record-expiry.ts). Starting is
 * idempotent: the workflow id is derived from the record's, and an id already used — running, or closed
 * because the record was archived — means the timer exists or did its work, so the conflict is success.
 * A re-submission of a record therefore re-arms it safely, healing a start that failed after commit.
 */
import type { TimedRecord } from '../db/record-collection';
import { expiryWorkflowId, RECORD_EXPIRY_WORKFLOW } from '../domain/record-expiry';
import { WorkflowIdConflictError } from '../engine/errors';
import type { CaseEngine } from '../engine/types';
import type { RecordExpiryInput } from '../workflows/record-expiry';

/** Starts in flight at once: a 10,000-row batch is not 10,000 sequential round trips to the server. */
const IN_FLIGHT = 32;

export async function armExpiryTimers(engine: CaseEngine, records: readonly TimedRecord[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < records.length) {
      const { recordId, endsOn } = records[next++];
      const input: RecordExpiryInput = { recordId, endsOn };
      try {
        await engine.start(RECORD_EXPIRY_WORKFLOW, expiryWorkflowId(recordId), [input]);
      } catch (err) {
        if (!(err instanceof WorkflowIdConflictError)) throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, records.length) }, worker));
}
