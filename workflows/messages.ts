/**
 * The messages of a case workflow, declared once and shared by the workflow and every caller
 * (API, tests), so no message name is typed twice.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { objectionType } from '../domain/cases/objection-type';
import type { ActionRequest } from '../domain/cases/types';
import type { CaseSummary } from '../domain/cases/summary';

/** The workflow type of an objection case (its registry entry names it). */
export const OBJECTION_WORKFLOW = objectionType.workflowType;

/** An action on the case (forward, uphold, withdraw, …): accepted and run, or refused with a reason. */
export const caseAction = defineUpdate<CaseSummary, [ActionRequest]>('caseAction');

/** The working-day calendar changed: reload it and re-derive every open deadline. */
export const calendarChanged = defineSignal('calendarChanged');

export const caseState = defineQuery<CaseSummary>('caseState');

/**
 * Sent with the start (update-with-start): answers the case once it has been accepted and projected, so
 * whoever started it can read it back at once.
 */
export const caseOpened = defineUpdate<CaseSummary>('caseOpened');

/** The failure of a query that reaches a case before its first activity has loaded the calendar. */
export const CASE_OPENING_FAILURE = 'CaseOpening';

/** The ApplicationFailure type of a refused action; its details carry the domain Refusal. */
export const REFUSAL_FAILURE = 'CaseActionRefused';

/** A record's expiry timer as it stands (workflows/record-expiry.ts). */
export interface RecordExpiryState {
  recordId: string;
  /** The last day the record is disclosed (Shanghai date). */
  endsOn: string;
  /** When it is archived: 00:00 Asia/Shanghai the day after `endsOn` (UTC ISO). */
  archiveAt: string;
  archived: boolean;
}

export const recordExpiryState = defineQuery<RecordExpiryState>('recordExpiryState');

/** The timer of every record disclosed through one day (workflows/archive-day.ts). */
export interface ArchiveDayState {
  endsOn: string;
  /** 00:00 Asia/Shanghai the day after `endsOn` (UTC ISO). */
  archiveAt: string;
  /** Records it has archived so far. */
  archived: number;
}

export const archiveDayState = defineQuery<ArchiveDayState>('archiveDayState');

/** The record's end date was moved (an extension, 厦门办法第二十八条): its timer moves with it. */
export const disclosureEndsOnChanged = defineSignal<[string]>('disclosureEndsOnChanged');
