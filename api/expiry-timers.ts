/**
 * Arms the expiry timers of stored records (厦门办法第二十八条). A record joins the timer of its last day of
 * disclosure (workflows/archive-day.ts), shared by every record ending that day, so a batch of 10,000
 * records starts only as many workflows as it has distinct end dates; a record whose archive instant is
 * near or past gets a timer of its own (workflows/record-expiry.ts; domain/record-expiry.ts says why).
 * Starting is idempotent: ids are derived from the day or the record, and an id already used — running,
 * or closed because it did its work — means the timer exists, so the conflict is success.
 * Armed records are marked (`expiry_armed`), so start-up arms what a stopped process left unarmed
 * (api/hand-over-recovery.ts); a re-submission re-arms safely too.
 */
import type { Knex } from 'knex';
import { chunks } from '../db/chunks';
import type { TimedRecord } from '../db/record-collection';
import {
  ARCHIVE_DAY_WORKFLOW,
  archiveDayWorkflowId,
  expiryWorkflowId,
  joinsDayTimer,
  RECORD_EXPIRY_WORKFLOW,
} from '../domain/record-expiry';
import { startedOnce } from '../engine/errors';
import type { CaseEngine } from '../engine/types';
import type { ArchiveDayInput } from '../workflows/archive-day';
import type { RecordExpiryInput } from '../workflows/record-expiry';
import { forEachBounded, STARTS_IN_FLIGHT } from './bounded';

export async function armExpiryTimers(
  knex: Knex,
  engine: CaseEngine,
  records: readonly TimedRecord[],
  now: Date,
): Promise<void> {
  const days = new Set<string>();
  const own: TimedRecord[] = [];
  for (const r of records) {
    if (joinsDayTimer(r.endsOn, now)) days.add(r.endsOn);
    else own.push(r);
  }
  await armDayTimers(engine, [...days]);
  await armRecordTimers(engine, own);
  for (const part of chunks(records)) {
    await knex('records')
      .whereIn(
        'id',
        part.map((r) => r.recordId),
      )
      .update({ expiry_armed: true });
  }
}

/** Makes sure each day has its archiving timer. */
export function armDayTimers(engine: CaseEngine, days: readonly string[]): Promise<void> {
  return forEachBounded(days, STARTS_IN_FLIGHT, async (endsOn) => {
    const input: ArchiveDayInput = { endsOn };
    await startedOnce(engine.start(ARCHIVE_DAY_WORKFLOW, archiveDayWorkflowId(endsOn), [input]));
  });
}

/** Gives each record a timer of its own. */
export function armRecordTimers(engine: CaseEngine, records: readonly TimedRecord[]): Promise<void> {
  return forEachBounded(records, STARTS_IN_FLIGHT, async ({ recordId, endsOn }) => {
    const input: RecordExpiryInput = { recordId, endsOn };
    await startedOnce(engine.start(RECORD_EXPIRY_WORKFLOW, expiryWorkflowId(recordId), [input]));
  });
}
