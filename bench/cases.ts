/**
 * `npm run bench:cases`: history events per case for the case types beside the objection (issue 10), on
 * the in-process engine in virtual time over an in-memory database. Prints ONE JSON line: for repair and
 * non-disclosure, the events of a happy path (every step at once) and of a worst path (every stage late,
 * the escalation ladder climbing to its second level before the step is taken).
 */
import { createRecord } from '../db/records';
import { testApp, type TestApp } from '../test/support/app';
import { TEST_APPLICANT } from '../test/support/objection-input';

const LATE_DAYS = 8;

async function record(t: TestApp, id: string, positive: boolean): Promise<string> {
  const subjectId = (await t.as('demo-subject-org').get('/api/me')).body.subjectId;
  await createRecord(t.db.knex, {
    id,
    subjectId,
    subjectName: '演示企业',
    providerUnitId: 'unit-a',
    category: positive ? 'positive' : 'dishonesty',
    listType: positive ? 'commendation' : 'key-attention',
    content: { matter: 'bench' },
    decidedOn: '2026-05-01',
    disclosure: 'public',
    at: '2026-09-29T00:00:00.000Z',
    actor: { role: 'system', userId: null },
  });
  return id;
}

async function events(late: boolean, run: (t: TestApp, wait: () => Promise<void>) => Promise<string>) {
  const t = await testApp({ engine: 'in-process' });
  try {
    const wait = async () => (late ? t.advanceWorkingDays(LATE_DAYS) : undefined);
    const caseId = await run(t, wait);
    await t.settled();
    return (await t.history(caseId)).events?.length ?? 0;
  } finally {
    await t.close();
  }
}

const act = (t: TestApp, id: string, action: string, body: object, token = 'demo-clerk') =>
  t.as(token).post(`/api/cases/${id}/actions/${action}`).send(body);

async function repair(t: TestApp, wait: () => Promise<void>): Promise<string> {
  const recordId = await record(t, 'bench-rep', false);
  const filed = await t
    .as('demo-clerk')
    .post('/api/repairs')
    .send({ recordId, applicant: TEST_APPLICANT, basis: 'corrected', evidence: ['凭证'] });
  await wait();
  await act(t, filed.body.id, 'accept', {});
  await wait();
  await act(t, filed.body.id, 'approve', { reason: '已整改' }, 'demo-provider-a');
  return filed.body.id;
}

async function nonDisclosure(t: TestApp, wait: () => Promise<void>): Promise<string> {
  const recordId = await record(t, 'bench-ndc', true);
  const subjectId = (await t.as('demo-subject-org').get('/api/me')).body.subjectId;
  const filed = await t
    .as('demo-clerk')
    .post('/api/non-disclosures')
    .send({ subjectId, recordIds: [recordId], applicant: TEST_APPLICANT });
  await wait();
  await act(t, filed.body.id, 'approve', {});
  return filed.body.id;
}

async function main() {
  const out = {
    repair: { happy: await events(false, repair), worst: await events(true, repair) },
    nonDisclosure: { happy: await events(false, nonDisclosure), worst: await events(true, nonDisclosure) },
  };
  console.log(JSON.stringify({ historyEventsPerCase: out }));
}

void main();
