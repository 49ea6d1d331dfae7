/**
 * When a record's 公示期 ends and it is archived (厦门办法第二十八条第二款: 公示期届满，市信用中心应当将该信息
 * 归档管理). Pure: the workflow that keeps each record's timer (workflows/record-expiry.ts) imports it.
 *
 * The record is disclosed through its last day (`disclosureEndsOn`, a Shanghai date) and archived at the
 * first instant after it: 00:00 Asia/Shanghai of the next day. The end date is the one stored at
 * collection, already moved off a rest day (民法典第二百零三条); a later calendar edit does not move it
 * (README, "Collection"): the published end date is a fact of the record, changed only by a decision
 * written to the record (an extension, 第二十八条), never silently by the calendar.
 */
import { parseDate } from './calendar/day-number';
import { shanghaiWallTimeMs } from './calendar/instant';

export const ARCHIVING_ARTICLE = '厦门办法第二十八条';

/** The workflow type of one record's expiry timer (workflows/index.ts). */
export const RECORD_EXPIRY_WORKFLOW = 'recordExpiryWorkflow';

/** The workflow type of the timer every record ending on one day shares (workflows/archive-day.ts). */
export const ARCHIVE_DAY_WORKFLOW = 'archiveDayWorkflow';

const ID_PREFIX = 'record-expiry-';
const DAY_ID_PREFIX = 'archive-day-';

/** One expiry workflow per record: its id says which, so starting it again finds the same one. */
export function expiryWorkflowId(recordId: string): string {
  return `${ID_PREFIX}${recordId}`;
}

/** One archiving timer per last day of disclosure: starting it again for another record finds the same one. */
export function archiveDayWorkflowId(endsOn: string): string {
  return `${DAY_ID_PREFIX}${endsOn}`;
}

/** An expiry timer, of one record or of one day: neither follows calendar edits (see above). */
export function isExpiryWorkflowId(workflowId: string): boolean {
  return workflowId.startsWith(ID_PREFIX) || workflowId.startsWith(DAY_ID_PREFIX);
}

/**
 * How long before its archive instant a record can still join its day's timer. A day's timer archives
 * what is stored when it fires, then closes; a record committed after that pass would wait for a day that
 * never comes again. So a record whose instant is this close (or past: a backlog after downtime, a
 * migrated record) gets a timer of its own instead, which fires at once or soon — an hour covers the time
 * between commit and arming and any clock difference between the API and the Temporal server.
 */
export const DAY_TIMER_LEAD_MS = 60 * 60 * 1000;

/** Whether a record disclosed through `endsOn`, armed at `now`, joins its day's timer (else its own). */
export function joinsDayTimer(endsOn: string, now: Date): boolean {
  return Date.parse(archiveInstant(endsOn)) - now.getTime() > DAY_TIMER_LEAD_MS;
}

/** 第二十八条: the UTC ISO instant a record disclosed through `disclosureEndsOn` is archived at. */
export function archiveInstant(disclosureEndsOn: string): string {
  return new Date(shanghaiWallTimeMs(parseDate(disclosureEndsOn) + 1)).toISOString();
}
