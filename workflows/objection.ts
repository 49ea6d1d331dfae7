/**
 * The durable objection case (异议, 厦门办法第二十四～二十六条): the generic case loop running the
 * objection machine.
 */
import type { ObjectionCase, ObjectionInput } from '../domain/cases/objection';
import { objectionMachine } from '../domain/cases/objection-machine';
import type { CaseView } from '../domain/cases/view';
import { runCase, type CarryOver } from './case-loop';

export { CONTINUE_AS_NEW_AFTER_EVENTS } from './case-loop';

export async function objectionWorkflow(
  input: ObjectionInput,
  carried?: CarryOver<ObjectionCase>,
): Promise<CaseView> {
  return runCase(objectionMachine, input, carried);
}
