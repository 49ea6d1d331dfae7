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

/** The workflow type of a record's expiry timer (workflows/index.ts). */
export const RECORD_EXPIRY_WORKFLOW = 'recordExpiryWorkflow';

const ID_PREFIX = 'record-expiry-';

/** One expiry workflow per record: its id says which, so starting it again finds the same one. */
export function expiryWorkflowId(recordId: string): string {
  return `${ID_PREFIX}${recordId}`;
}

export function isExpiryWorkflowId(workflowId: string): boolean {
  return workflowId.startsWith(ID_PREFIX);
}

/** 第二十八条: the UTC ISO instant a record disclosed through `disclosureEndsOn` is archived at. */
export function archiveInstant(disclosureEndsOn: string): string {
  return new Date(shanghaiWallTimeMs(parseDate(disclosureEndsOn) + 1)).toISOString();
}
