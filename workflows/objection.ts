/**
 * The durable objection case (异议, 厦门办法第二十四～二十六条): the generic case loop running the
 * objection's registry entry.
 */
import type { ObjectionCase, ObjectionInput } from '../domain/cases/objection';
import { objectionType, type ObjectionDetails } from '../domain/cases/objection-type';
import type { CaseSummary } from '../domain/cases/summary';
import { runCase, type CarryOver } from './case-loop';

export { CONTINUE_AS_NEW_AFTER_EVENTS } from './case-loop';

export async function objectionWorkflow(
  input: ObjectionInput,
  carried?: CarryOver<ObjectionCase>,
): Promise<CaseSummary<ObjectionDetails>> {
  return runCase(objectionType, input, carried);
}
