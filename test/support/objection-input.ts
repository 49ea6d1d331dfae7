/** The fictional applicant and the objection input the tests and benchmarks build cases from. */
import type { ObjectionInput } from '../../domain/cases/objection';
import type { Actor } from '../../domain/cases/types';
import type { ProfileId } from '../../domain/policy';

/** A made-up person with a valid-format 身份证号 (check digit computed, region and date fictional). */
export const TEST_APPLICANT = { name: '测试甲', idNumber: '11010519491231002X' };

export const TEST_CLERK: Actor = { role: 'clerk', userId: 'demo-clerk', unitId: null };

/** An objection to a unit-a record, accepted by the demo clerk at `acceptedAt`. */
export function objectionInput(
  caseId: string,
  recordId: string,
  acceptedAt: string,
  profile: ProfileId = 'xiamen',
): ObjectionInput {
  return {
    caseId,
    profile,
    recordId,
    providerUnitId: 'unit-a',
    applicant: TEST_APPLICANT,
    kind: 'wrong',
    reason: '处罚决定已被撤销',
    evidence: ['撤销决定书'],
    acceptedAt,
    acceptedBy: TEST_CLERK,
  };
}
