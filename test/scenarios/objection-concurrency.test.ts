/**
 * Actions that arrive while the case is still busy with an earlier one are queued behind it. When the
 * earlier one closes the case, the queued ones must still get an answer (a refusal), and the workflow
 * must complete: a caller left waiting forever is a stuck case on a real server.
 */
import { createActivities } from '../../activities';
import { stateCouncilArrangements } from '../../db/calendar-source';
import type { Database } from '../../db/connection';
import { seedDemoRecords } from '../../db/demo-records';
import { seedDemoUsers, seedReferenceData } from '../../db/seed';
import { WorkingCalendar } from '../../domain/calendar';
import type { CaseStepInput } from '../../activities/types';
import { caseAction, OBJECTION_WORKFLOW } from '../../workflows/messages';
import { WORKFLOWS_PATH } from '../support/app';
import { freshDatabase } from '../support/db';
import { objectionInput } from '../support/objection-input';
import { scenario, type Scenario } from '../support/scenario';

const START = '2026-09-30T02:00:00.000Z';
const clerk = { role: 'clerk' as const, userId: 'demo-clerk', unitId: null };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let db: Database;
let s: Scenario;
beforeAll(async () => {
  db = await freshDatabase();
  await seedReferenceData(db.knex, START);
  await seedDemoUsers(db.knex, START);
  await seedDemoRecords(db.knex, START);
  const real = createActivities({ knex: db.knex });
  // A slow step keeps the case busy long enough for later actions to queue behind it.
  const slow = {
    ...real,
    applyStep: async (step: CaseStepInput) => {
      await sleep(300);
      return real.applyStep(step);
    },
  };
  s = await scenario({
    workflowsPath: WORKFLOWS_PATH,
    activities: slow,
    calendar: WorkingCalendar.from(stateCouncilArrangements()),
    start: START,
  });
});
afterAll(async () => {
  await s.close();
  await db.close();
});

test('actions queued behind the one that closes the case are refused, and the workflow completes', async () => {
  const id = 'obj-busy';
  await s.engine.start(OBJECTION_WORKFLOW, id, [objectionInput(id, 'rec-000001', START)]);
  await s.settled(); // until its first activity is done, the workflow has no update handler
  const forward = s.engine.update(id, caseAction, { action: 'forward', actor: clerk, body: {} });
  await sleep(100); // forward is being applied: its step is still running
  const results = await Promise.allSettled([
    forward,
    s.engine.update(id, caseAction, { action: 'withdraw', actor: clerk, body: { reason: '撤回' } }),
    s.engine.update(id, caseAction, { action: 'withdraw', actor: clerk, body: { reason: '重复提交' } }),
  ]);
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
  expect(results[1]).toMatchObject({ value: { state: 'closed', outcome: 'withdrawn' } });
  expect(results[2]).toMatchObject({
    reason: {
      type: 'CaseActionRefused',
      details: [expect.objectContaining({ kind: 'not-allowed', state: 'closed' })],
    },
  });
  expect((await s.engine.describe(id)).status).toBe('completed');
}, 10_000);
