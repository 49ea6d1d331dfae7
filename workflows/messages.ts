/**
 * The messages of a case workflow, declared once and shared by the workflow and every caller
 * (API, tests), so no message name is typed twice.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ActionRequest } from '../domain/cases/types';
import type { CaseView } from '../domain/cases/view';

/** The workflow type of an objection case (the name of its function in workflows/index.ts). */
export const OBJECTION_WORKFLOW = 'objectionWorkflow';

/** An action on the case (forward, uphold, withdraw, …): accepted and run, or refused with a reason. */
export const caseAction = defineUpdate<CaseView, [ActionRequest]>('caseAction');

/** The working-day calendar changed: reload it and re-derive every open deadline. */
export const calendarChanged = defineSignal('calendarChanged');

export const caseState = defineQuery<CaseView>('caseState');

/**
 * Sent with the start (update-with-start): answers the case once it has been accepted and projected, so
 * whoever started it can read it back at once.
 */
export const caseOpened = defineUpdate<CaseView>('caseOpened');

/** The failure of a query that reaches a case before its first activity has loaded the calendar. */
export const CASE_OPENING_FAILURE = 'CaseOpening';

/** The ApplicationFailure type of a refused action; its details carry the domain Refusal. */
export const REFUSAL_FAILURE = 'CaseActionRefused';
