/** The durable credit repair case (信用修复, 厦门办法第二十三条): the generic case loop running its entry. */
import type { RepairCase, RepairInput } from '../domain/cases/repair';
import { repairType, type RepairDetails } from '../domain/cases/repair-type';
import type { CaseSummary } from '../domain/cases/summary';
import { runCase, type CarryOver } from './case-loop';

export async function repairWorkflow(
  input: RepairInput,
  carried?: CarryOver<RepairCase>,
): Promise<CaseSummary<RepairDetails>> {
  return runCase(repairType, input, carried);
}
