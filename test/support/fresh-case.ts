import { TEST_APPLICANT } from './objection-input';
import type { FiledCase, TestApp } from './app';

/**
 * A new objection (state compare) on the next demo record of `unitId` that can take one: records
 * under objection, not provided in queries, or already used by this harness are skipped.
 */
export async function freshCase(t: TestApp, unitId = 'unit-a'): Promise<FiledCase> {
  const used = usedRecords(t);
  const ids: string[] = await t.db
    .knex('records')
    .where({ provider_unit_id: unitId })
    .orderBy('id')
    .pluck('id');
  for (const recordId of ids.filter((id) => !used.has(id))) {
    used.add(recordId);
    const res = await t
      .as('demo-clerk')
      .post('/api/objections')
      .send({ recordId, applicant: TEST_APPLICANT, kind: 'wrong', reason: '处罚决定已被撤销' });
    if (res.status === 201) return res.body as FiledCase;
  }
  throw new Error(`no record of ${unitId} left to file an objection on`);
}

const usedByHarness = new WeakMap<TestApp, Set<string>>();
function usedRecords(t: TestApp): Set<string> {
  if (!usedByHarness.has(t)) usedByHarness.set(t, new Set());
  return usedByHarness.get(t)!;
}
