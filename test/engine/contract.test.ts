/**
 * The same fixture scenarios on every engine: always on the in-process engine (virtual time),
 * and on a real Temporal server with a real Worker when TEMPORAL_ADDRESS is set (wall time with
 * short timers: no time-skipping server can be downloaded here). Otherwise they are reported as
 * skipped, never as passed.
 */
import crypto from 'node:crypto';
import type { temporal as proto } from '@temporalio/proto';
import {
  TemporalEngine,
  UpdateRejectedError,
  WorkflowIdConflictError,
  createWorker,
  temporalConfigFromEnv,
  type CaseEngine,
} from '../../engine';
import { createFixtureActivities, type FixtureLog } from '../fixtures/activities';
import { addNote, caseState, decide, noteCount } from '../fixtures/messages';
import { fixtureScenario, fixtureWorkflows } from './fixture-engine';

interface Harness {
  engine: CaseEngine;
  log: FixtureLog;
  /** Lets `ms` pass: virtual time moves at once; wall time is waited for. */
  pass(ms: number): Promise<void>;
  /** Retries `check` until it passes (wall time) or checks once after settling (virtual time). */
  eventually(check: () => Promise<void>): Promise<void>;
  history(workflowId: string): Promise<proto.api.history.v1.IHistory>;
  close(): Promise<void>;
}

const DEADLINE_MS = 2_000;

function contract(name: string, makeHarness: () => Promise<Harness>, run = describe) {
  run(name, () => {
    let h: Harness;
    beforeAll(async () => {
      h = await makeHarness();
    });
    afterAll(() => h?.close());
    // Ids are unique per test run: a real server keeps closed ids and refuses them again.
    const id = (name: string) => `${name}-${crypto.randomUUID().slice(0, 8)}`;

    test('a started case answers queries, and its id cannot be started again', async () => {
      const caseId = id('case');
      await h.engine.start('deadlineCase', caseId, [60_000]);
      expect(await h.engine.query(caseId, caseState)).toEqual({ stage: 'open', notes: [] });
      await expect(h.engine.start('deadlineCase', caseId, [60_000])).rejects.toBeInstanceOf(
        WorkflowIdConflictError,
      );
    });

    test('a refused update reports type, message and details and changes nothing', async () => {
      const caseId = id('case');
      await h.engine.start('deadlineCase', caseId, [60_000]);
      await expect(h.engine.update(caseId, decide, { outcome: 'upheld', reason: '' })).rejects.toEqual(
        new UpdateRejectedError('InvalidDecision', 'a decision needs a reason', [{ field: 'reason' }]),
      );
      expect(await h.engine.query(caseId, caseState)).toEqual({ stage: 'open', notes: [] });
    });

    test('an update decides the case before its deadline', async () => {
      const caseId = id('case');
      await h.engine.start('deadlineCase', caseId, [60_000]);
      const state = await h.engine.update(caseId, decide, { outcome: 'rejected', reason: 'no error found' });
      expect(state.stage).toBe('decided');
      await h.eventually(async () =>
        expect(await h.engine.describe(caseId)).toMatchObject({
          status: 'completed',
          result: { stage: 'decided' },
        }),
      );
    });

    test('without a decision the deadline makes the case overdue', async () => {
      const caseId = id('case');
      await h.engine.start('deadlineCase', caseId, [DEADLINE_MS]);
      await h.pass(DEADLINE_MS);
      await h.eventually(async () =>
        expect(await h.engine.describe(caseId)).toMatchObject({
          status: 'completed',
          result: { stage: 'overdue' },
        }),
      );
    });

    test('signals change what queries read; listRunning finds the case', async () => {
      const caseId = id('case');
      await h.engine.start('deadlineCase', caseId, [60_000]);
      await h.engine.signal(caseId, addNote, 'call: confirmed');
      await h.eventually(async () => expect(await h.engine.query(caseId, noteCount, 'call:')).toBe(1));
      await h.eventually(async () => expect(await h.engine.listRunning('deadlineCase')).toContain(caseId));
    });

    test('an activity failing twice succeeds on its third attempt, after its backoffs', async () => {
      const callId = id('retry');
      await h.engine.start('retryingCall', callId, [2]);
      await h.pass(3_000); // 1 s, then 2 s
      await h.eventually(async () =>
        expect(await h.engine.describe(callId)).toEqual({ status: 'completed', result: 3 }),
      );
    });

    test('local activities: retried within their task, a failure is their own error, a Core marker each', async () => {
      const callId = id('local');
      await h.engine.start('localCalls', callId, [1]);
      await h.pass(1_000); // the retry after 1 s, within the workflow task
      await h.eventually(async () =>
        expect(await h.engine.describe(callId)).toMatchObject({
          status: 'completed',
          result: { attempt: 2, refusal: 'Refused' },
        }),
      );
      const markers = (await h.history(callId))
        .events!.map((e) => e.markerRecordedEventAttributes)
        .filter((m) => m?.markerName === 'core_local_activity')
        .map((m) => {
          const data = JSON.parse(Buffer.from(m!.details!.data!.payloads![0].data!).toString());
          return [
            Object.keys(data),
            data.activity_type,
            data.attempt,
            !!m!.details!.result,
            m!.failure?.message,
          ];
        });
      const keys = ['seq', 'attempt', 'activity_id', 'activity_type', 'complete_time', 'backoff'];
      expect(markers).toEqual([
        [[...keys, 'original_schedule_time'], 'flaky', 2, true, undefined],
        [[...keys, 'original_schedule_time'], 'refuse', 1, false, 'not allowed'],
      ]);
    });

    test('an ApplicationFailure fails the workflow', async () => {
      const failId = id('fail');
      await h.engine.start('failsOnPurpose', failId, []);
      await h.eventually(async () =>
        expect(await h.engine.describe(failId)).toEqual({
          status: 'failed',
          failure: 'CaseInvalid: the case is invalid',
        }),
      );
    });
  });
}

contract('engine contract: in-process engine, virtual time', async () => {
  const s = await fixtureScenario();
  return {
    engine: s.engine,
    log: s.log,
    pass: (ms) => s.advanceBy(ms),
    eventually: async (check) => {
      await s.settled();
      await check();
    },
    history: async (workflowId) => s.engine.history(workflowId),
    close: () => s.close(),
  };
});

const temporal = temporalConfigFromEnv();
const SKIP_REASON = 'skipped: no Temporal server (TEMPORAL_ADDRESS not set)';
if (!temporal) console.warn(`engine contract on Temporal: ${SKIP_REASON}`);

contract(
  `engine contract: Temporal server${temporal ? ` at ${temporal.address}` : ` — ${SKIP_REASON}`}`,
  async () => {
    if (!temporal) throw new Error(SKIP_REASON);
    const config = { ...temporal, taskQueue: `engine-contract-${crypto.randomUUID()}` };
    const log: FixtureLog = { events: [] };
    const { worker, connection } = await createWorker({
      workflowsPath: fixtureWorkflows,
      activities: createFixtureActivities(log),
      config,
    });
    const running = worker.run();
    const engine = await TemporalEngine.connect(config);
    return {
      engine,
      log,
      pass: (ms) => new Promise((resolve) => setTimeout(resolve, ms + 500)),
      eventually: async (check) => {
        const until = Date.now() + 20_000;
        for (;;) {
          try {
            return await check();
          } catch (err) {
            if (Date.now() > until) throw err;
            await new Promise((resolve) => setTimeout(resolve, 250));
          }
        }
      },
      history: (workflowId) => engine.fetchHistory(workflowId),
      close: async () => {
        worker.shutdown();
        await running;
        await connection.close();
        await engine.close();
      },
    };
  },
  temporal ? describe : describe.skip,
);
