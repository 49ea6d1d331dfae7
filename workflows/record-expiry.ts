/**
 * One durable timer per record (厦门办法第二十八条第二款): the record is archived at 00:00 Asia/Shanghai the
 * day after its disclosure period ends — a Temporal timer, so it survives restarts, and no nightly scan
 * that someone could forget to run. Started by the collection route for every stored record with an end
 * date (api/expiry-timers.ts); its id is derived from the record's (`record-expiry-<id>`), so a second
 * start finds it. An extension moves the timer (`disclosureEndsOnChanged`); even without that signal the
 * archive activity re-reads the stored end date and the timer sleeps on to a later one.
 */
import { condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { ExpiryActivities } from '../activities/types';
import { untilArchived } from './activity-options';
import { isIsoDate } from '../domain/calendar';
import { archiveInstant } from '../domain/record-expiry';
import { calendarChanged, disclosureEndsOnChanged, recordExpiryState } from './messages';

const expiry = proxyActivities<ExpiryActivities>(untilArchived);

export interface RecordExpiryInput {
  recordId: string;
  /** The record's stored last day of disclosure (Shanghai date). */
  endsOn: string;
}

export async function recordExpiryWorkflow({ recordId, endsOn: stored }: RecordExpiryInput) {
  let endsOn = stored;
  let archived = false;
  setHandler(recordExpiryState, () => ({ recordId, endsOn, archiveAt: archiveInstant(endsOn), archived }));
  setHandler(disclosureEndsOnChanged, (next) => {
    if (isIsoDate(next)) endsOn = next;
  });
  // The stored end date is a fact of the record, fixed when it was computed (domain/record-expiry.ts): a
  // calendar edit moves no archive instant. Handled, so a broadcast to every running workflow is harmless.
  setHandler(calendarChanged, () => undefined);

  for (;;) {
    const armed = endsOn;
    const wait = Date.parse(archiveInstant(armed)) - Date.now();
    if (wait > 0 && (await condition(() => endsOn !== armed, wait))) continue;
    const outcome = await expiry.archiveRecord({ recordId, endsOn: armed, at: new Date().toISOString() });
    archived = outcome.archived;
    if (archived || outcome.endsOn === null) return { recordId, archived, endsOn: outcome.endsOn ?? armed };
    endsOn = outcome.endsOn;
  }
}
