/** The durable non-disclosure case (守信信息不公开, 厦门办法第二十七条): the generic case loop running its entry. */
import type { NonDisclosureCase, NonDisclosureInput } from '../domain/cases/non-disclosure';
import { nonDisclosureType, type NonDisclosureDetails } from '../domain/cases/non-disclosure-type';
import type { CaseSummary } from '../domain/cases/summary';
import { runCase, type CarryOver } from './case-loop';

export async function nonDisclosureWorkflow(
  input: NonDisclosureInput,
  carried?: CarryOver<NonDisclosureCase>,
): Promise<CaseSummary<NonDisclosureDetails>> {
  return runCase(nonDisclosureType, input, carried);
}
