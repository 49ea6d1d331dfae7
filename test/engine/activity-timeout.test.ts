/**
 * The in-process engine enforces an activity's startToCloseTimeout on its clock, as a Temporal server
 * does, and survives losing its worker: the run is resumed from its recorded history and the activity
 * attempts the dead worker held end by their timeout and are retried per the policy.
 */
import { CancelledFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { activitySleep, currentActivityInfo } from '../../engine/activity-info';
import { replayHistories } from '../../engine';
import { createFixtureActivities, type FixtureLog } from '../fixtures/activities';
import { addNote, caseState, decide } from '../fixtures/messages';
import { fixtureScenario, fixtureWorkflows, type FixtureScenario } from './fixture-engine';

const E = temporal.api.enums.v1.EventType;
const MINUTE = 60_000;

let s: FixtureScenario;
afterEach(() => s?.close());

/** The fixture activities, with `flaky` replaced by `flaky` here (it gets the attempt number). */
async function withFlaky(flaky: (attempt: number) => Promise<number>) {
  const log: FixtureLog = { events: [] };
  s = await fixtureScenario({
    activities: { ...createFixtureActivities(log), flaky: () => flaky(currentActivityInfo().attempt) },
  });
  await s.at('2026-09-30T10:00:00+08:00');
  return s;
}

const eventTypes = (workflowId: string) =>
  (s.engine.history(workflowId).events ?? []).map((e) => E[e.eventType ?? 0]);

describe('startToCloseTimeout (the fixture policy: 1 minute, initialInterval 1 s, 5 attempts)', () => {
  test('an attempt slower than its timeout fails with a StartToClose timeout, is cancelled and retried', async () => {
    const seen: string[] = [];
    await withFlaky(async (attempt) => {
      seen.push(`start ${attempt}`);
      if (attempt === 1) {
        try {
          await activitySleep(2 * MINUTE); // a query stuck past its timeout
        } catch (err) {
          seen.push(err instanceof CancelledFailure ? 'attempt 1 cancelled' : `attempt 1 ${String(err)}`);
          throw err;
        }
        seen.push('attempt 1 went on after its timeout');
      }
      return attempt;
    });
    await s.engine.start('retryingCall', 'slow-1', [0]);
    await s.settled(); // the attempt waits on the clock: not work settled() waits for
    expect(seen).toEqual(['start 1']);

    await s.advanceBy(MINUTE - 1);
    expect(seen).toEqual(['start 1']);
    await s.advanceBy(1); // the timeout: cancelled, retried after the 1 s backoff
    expect(seen).toEqual(['start 1', 'attempt 1 cancelled']);
    await s.advanceBy(999);
    expect(await s.engine.describe('slow-1')).toEqual({ status: 'running' });
    await s.advanceBy(1);
    expect(seen).toEqual(['start 1', 'attempt 1 cancelled', 'start 2']);
    expect(await s.engine.describe('slow-1')).toEqual({ status: 'completed', result: 2 });

    await s.advanceBy(5 * MINUTE); // the first attempt's sleep would have ended here: nothing more runs
    expect(seen).toHaveLength(3);
    const started = s.engine
      .history('slow-1')
      .events!.find((e) => e.eventType === E.EVENT_TYPE_ACTIVITY_TASK_STARTED)!;
    expect(started.activityTaskStartedEventAttributes).toMatchObject({
      attempt: 2,
      lastFailure: {
        message: 'activity StartToClose timeout',
        timeoutFailureInfo: { timeoutType: temporal.api.enums.v1.TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE },
      },
    });
    // The history the engine wrote replays on the SDK's own replayer.
    const [outcome] = await replayHistories({
      workflowsPath: fixtureWorkflows,
      histories: [{ workflowId: 'slow-1', history: s.engine.history('slow-1') }],
    });
    expect(outcome.error).toBeUndefined();
  });

  test('when every attempt times out the last is ActivityTaskTimedOut and the workflow fails on it', async () => {
    await withFlaky(async () => {
      await activitySleep(10 * MINUTE);
      return 0;
    });
    await s.engine.start('retryingCall', 'slow-2', [0]);
    // Five attempts of 1 minute each, with backoffs of 1, 2, 4 and 8 s between them.
    await s.advanceBy(5 * MINUTE + 14_999);
    expect(await s.engine.describe('slow-2')).toEqual({ status: 'running' });
    await s.advanceBy(1);
    const described = await s.engine.describe('slow-2');
    expect(described.status).toBe('failed');
    expect(described.failure).toMatch(/activity StartToClose timeout/);
    const types = eventTypes('slow-2');
    expect(types).toContain('EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT');
    expect(types).not.toContain('EVENT_TYPE_ACTIVITY_TASK_FAILED');
    const timedOut = s.engine
      .history('slow-2')
      .events!.find((e) => e.eventType === E.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT)!;
    expect(timedOut.activityTaskTimedOutEventAttributes?.retryState).toBe(
      temporal.api.enums.v1.RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED,
    );
  });

  test('an activity that finishes in time is not touched by its timeout later', async () => {
    await withFlaky(async (attempt) => {
      await activitySleep(59_999);
      return attempt;
    });
    await s.engine.start('retryingCall', 'in-time', [0]);
    await s.advanceBy(10 * MINUTE);
    expect(await s.engine.describe('in-time')).toEqual({ status: 'completed', result: 1 });
  });
});

describe('losing the worker', () => {
  test('an attempt in flight is lost: its result is dropped, it times out and is retried', async () => {
    const calls: number[] = [];
    await withFlaky(async (attempt) => {
      calls.push(attempt);
      if (attempt === 1) s.engine.loseWorker(); // dies after the side effect, before reporting it
      return attempt * 10;
    });
    await s.engine.start('retryingCall', 'lost-1', [0]);
    await s.settled();
    expect(calls).toEqual([1]);
    expect(await s.engine.describe('lost-1')).toEqual({ status: 'running' });
    await s.advanceBy(MINUTE + 1_000); // its startToCloseTimeout, then the 1 s backoff
    expect(calls).toEqual([1, 2]);
    expect(await s.engine.describe('lost-1')).toEqual({ status: 'completed', result: 20 });
    expect(s.engine.stats).toMatchObject({ workerLosses: 1, rebuilds: 1 });
  });

  test('an evicted run resumes from its history: same state, same history as a run never evicted', async () => {
    const story = async (evict: boolean) => {
      s = await fixtureScenario();
      await s.at('2026-09-30T10:00:00+08:00');
      await s.engine.start('deadlineCase', 'case-e', [24 * 3_600_000]);
      await s.settled();
      await s.engine.signal('case-e', addNote, 'first');
      if (evict) s.engine.loseWorker();
      await s.advanceBy(3_600_000);
      expect(await s.engine.query('case-e', caseState)).toMatchObject({ stage: 'open', notes: ['first'] });
      if (evict) s.engine.evict('case-e');
      await s.engine.update('case-e', decide, { outcome: 'upheld', reason: 'checked' });
      await s.settled();
      const result = await s.engine.describe('case-e');
      const types = eventTypes('case-e');
      const { rebuilds } = s.engine.stats;
      const events = s.events();
      await s.close();
      s = undefined as unknown as FixtureScenario;
      return { result, types, rebuilds, events };
    };
    const plain = await story(false);
    const evicted = await story(true);
    expect(plain.rebuilds).toBe(0);
    expect(evicted.rebuilds).toBe(2);
    expect(evicted.result).toEqual(plain.result);
    expect(evicted.result).toMatchObject({
      status: 'completed',
      result: { stage: 'decided', notes: ['first'] },
    });
    expect(evicted.types).toEqual(plain.types);
    expect(evicted.events).toEqual(['opened', 'decided:upheld']);
  });

  test('a run rebuilt from its history takes the patched path it took the first time', async () => {
    const log: FixtureLog = { events: [] };
    const real = createFixtureActivities(log);
    s = await fixtureScenario({
      activities: {
        ...real,
        recordEvent: async (event: string) => {
          if (event === 'notified') s.engine.evict('patched-e'); // after the patch marker
          return real.recordEvent(event);
        },
      },
    });
    await s.at('2026-09-30T10:00:00+08:00');
    await s.engine.start('versioned', 'patched-e', []);
    await s.settled();
    expect(s.engine.stats.rebuilds).toBe(1);
    expect(await s.engine.describe('patched-e')).toEqual({ status: 'completed', result: true });
    expect(log.events.map((e) => e.event)).toEqual(['notified', 'opened']);
  });
});
