/**
 * One durable timer per last day of disclosure (厦门办法第二十八条第二款): at 00:00 Asia/Shanghai the day
 * after `endsOn`, every record still disclosed through that day or earlier is archived. A Temporal timer,
 * so it survives restarts, and no nightly scan that someone could forget to run: collection starts it
 * (api/expiry-timers.ts) and its id is derived from the day (`archive-day-<endsOn>`), so the records of a
 * whole batch share the few timers of their end dates instead of one workflow each.
 * The records are read when the timer fires, so an extension (a later stored date) simply is not there.
 */
import { proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import type { ExpiryActivities } from '../activities/types';
import { untilArchived } from './activity-options';
import { archiveInstant } from '../domain/record-expiry';
import { archiveDayState, calendarChanged } from './messages';

const expiry = proxyActivities<ExpiryActivities>(untilArchived);

/** Records archived per activity: each pass is a short transaction per record, well inside its timeout. */
export const ARCHIVE_PASS = 500;

export interface ArchiveDayInput {
  /** The last day of disclosure of the records this timer archives (Shanghai date). */
  endsOn: string;
}

export async function archiveDayWorkflow({ endsOn }: ArchiveDayInput) {
  const archiveAt = archiveInstant(endsOn);
  let archived = 0;
  setHandler(archiveDayState, () => ({ endsOn, archiveAt, archived }));
  // The day is the records' stored end date, which a calendar edit does not move (domain/record-expiry.ts).
  // Handled, so a broadcast to every running workflow is harmless.
  setHandler(calendarChanged, () => undefined);

  const wait = Date.parse(archiveAt) - Date.now();
  if (wait > 0) await sleep(wait);
  const at = new Date().toISOString();
  for (;;) {
    const pass = await expiry.archiveEndedBy({ endsOn, at, limit: ARCHIVE_PASS });
    archived += pass.archived;
    if (!pass.more) return { endsOn, archived };
  }
}
