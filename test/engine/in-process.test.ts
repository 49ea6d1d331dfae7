import { temporal } from '@temporalio/proto';
import { workingDayDeadline } from '../../domain/calendar';
import {
  InProcessEngine,
  QueryFailedError,
  UpdateRejectedError,
  WallClock,
  WorkflowIdConflictError,
  WorkflowNotFoundError,
  WorkflowTaskFailedError,
  replayHistories,
} from '../../engine';
import { addNote, caseState, decide, noteCount } from '../fixtures/messages';
import { createFixtureActivities } from '../fixtures/activities';
import { calendar, fixtureScenario, fixtureWorkflows, type FixtureScenario } from './fixture-engine';

let s: FixtureScenario;
beforeEach(async () => {
  s = await fixtureScenario();
  await s.at('2026-09-30T10:00:00+08:00');
});
afterEach(() => s.close());

const HOUR = 3_600_000;

describe('timers on the virtual clock', () => {
  test('a 6-working-day deadline fires at its instant and not a millisecond before (国庆 2026)', async () => {
    const { deadline } = workingDayDeadline(s.now(), 6, calendar);
    expect(deadline).toBe('2026-10-15T00:00:00.000+08:00'); // 10-08, 09, 10 (调休 Saturday), 12, 13, 14
    await s.engine.start('deadlineCase', 'case-1', [Date.parse(deadline) - Date.parse(s.now())]);

    await s.advanceTo('2026-10-14T23:59:59.999+08:00');
    expect(await s.engine.query('case-1', caseState)).toMatchObject({ stage: 'open' });
    expect(s.events()).toEqual(['opened']);

    await s.advanceTo(deadline);
    expect(s.events()).toEqual(['opened', 'overdue']);
    expect(await s.engine.describe('case-1')).toMatchObject({
      status: 'completed',
      result: { stage: 'overdue' },
    });
  });

  test('advanceWorkingDays keeps the local time and skips the holiday', async () => {
    await s.advanceWorkingDays(2);
    expect(s.now()).toBe('2026-10-09T10:00:00.000+08:00');
  });

  test('workflow Date.now() is the virtual time of each activation', async () => {
    await s.engine.start('deterministicSources', 'clock-1', []);
    await s.advanceBy(HOUR);
    const { result } = await s.engine.describe('clock-1');
    const [first, second] = result as { now: number }[];
    expect(first.now).toBe(Date.parse('2026-09-30T10:00:00+08:00'));
    expect(second.now).toBe(Date.parse('2026-09-30T11:00:00+08:00'));
  });
});

describe('updates', () => {
  test('an update wakes a condition before its timeout and cancels its timer', async () => {
    await s.engine.start('deadlineCase', 'case-2', [10 * 24 * HOUR]);
    await s.settled(); // else the update joins the first activation, before 'opened' is recorded
    const state = await s.engine.update('case-2', decide, { outcome: 'upheld', reason: 'records corrected' });
    expect(state).toMatchObject({ stage: 'decided', decision: { outcome: 'upheld' } });
    await s.settled();
    expect(await s.engine.describe('case-2')).toMatchObject({ status: 'completed' });
    expect(s.events()).toEqual(['opened', 'decided:upheld']);
    const types = s.engine.history('case-2').events.map((e) => e.eventType);
    const { EventType } = (await import('@temporalio/proto')).temporal.api.enums.v1;
    expect(types).toContain(EventType.EVENT_TYPE_TIMER_CANCELED);
    expect(types).not.toContain(EventType.EVENT_TYPE_TIMER_FIRED);
  });

  test('a validator refusal leaves the state unchanged and gives the caller type, message and details', async () => {
    await s.engine.start('deadlineCase', 'case-3', [HOUR]);
    await s.settled();
    const before = s.engine.history('case-3').events.length;
    const refusal = s.engine.update('case-3', decide, { outcome: 'rejected', reason: '  ' });
    await expect(refusal).rejects.toBeInstanceOf(UpdateRejectedError);
    await expect(refusal).rejects.toMatchObject({
      type: 'InvalidDecision',
      message: 'a decision needs a reason',
      details: [{ field: 'reason' }],
    });
    expect(await s.engine.query('case-3', caseState)).toEqual({ stage: 'open', notes: [] });
    expect(s.engine.history('case-3').events.length).toBe(before); // a refused update leaves no events
  });

  test('an update on a closed workflow is refused as not found', async () => {
    await s.engine.start('deadlineCase', 'case-4', [HOUR]);
    await s.advanceBy(HOUR);
    await expect(
      s.engine.update('case-4', decide, { outcome: 'upheld', reason: 'late' }),
    ).rejects.toBeInstanceOf(WorkflowNotFoundError);
  });
});

describe('signals and queries', () => {
  test('a signal changes state that a query with arguments reads', async () => {
    await s.engine.start('deadlineCase', 'case-5', [HOUR]);
    await s.engine.signal('case-5', addNote, 'call: provider confirmed');
    await s.engine.signal('case-5', addNote, 'mail: sent');
    expect(await s.engine.query('case-5', noteCount, 'call:')).toBe(1);
  });

  test('a closed workflow can still be queried', async () => {
    await s.engine.start('deadlineCase', 'case-6', [HOUR]);
    await s.engine.signal('case-6', addNote, 'kept');
    await s.advanceBy(HOUR);
    expect(await s.engine.query('case-6', caseState)).toEqual({ stage: 'overdue', notes: ['kept'] });
  });

  test('listRunning lists running workflows, by type', async () => {
    await s.engine.start('deadlineCase', 'case-7', [HOUR]);
    await s.engine.start('deadlineCase', 'case-8', [2 * HOUR]);
    await s.engine.start('orderedSteps', 'steps-1', []);
    await s.advanceBy(HOUR);
    expect(await s.engine.listRunning('deadlineCase')).toEqual(['case-8']);
    expect((await s.engine.listRunning()).sort()).toEqual(['case-8']);
  });
});

describe('start returns once the start is recorded, as on a server', () => {
  test('the first workflow task and its activities run after start returned; settled() waits for them', async () => {
    await s.engine.start('deadlineCase', 'early-1', [HOUR]);
    expect(s.events()).toEqual([]);
    await s.settled();
    expect(s.events()).toEqual(['opened']);
  });

  test('a query right after start sees the first workflow task, not the activity it awaits', async () => {
    await s.engine.start('handlerAfterActivity', 'early-2', []);
    const early = s.engine.query('early-2', caseState);
    await expect(early).rejects.toBeInstanceOf(QueryFailedError);
    await expect(early).rejects.toThrow('Workflow did not register a handler for caseState');
    await s.settled();
    expect(await s.engine.query('early-2', caseState)).toEqual({ stage: 'open', notes: [] });
  });
});

describe('activations carry every job ready at once, as a server sends them', () => {
  test('init with a signal sent at once, two activity results, two timers due together: three activations', async () => {
    const { EventType: E } = (await import('@temporalio/proto')).temporal.api.enums.v1;
    const before = s.engine.stats.activations;
    await s.engine.start('parallelWork', 'batch-1', []);
    await s.engine.signal('batch-1', addNote, 'sent with the start');
    await s.advanceBy(HOUR);
    expect(await s.engine.describe('batch-1')).toEqual({
      status: 'completed',
      result: ['sent with the start'],
    });
    expect(s.engine.stats.activations - before).toBe(3);
    const task = [
      E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
      E.EVENT_TYPE_WORKFLOW_TASK_STARTED,
      E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
    ];
    // Each workflow task lists all its triggering events before WorkflowTaskScheduled.
    expect(s.engine.history('batch-1').events.map((e) => e.eventType)).toEqual([
      E.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
      E.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
      ...task,
      E.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
      E.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
      E.EVENT_TYPE_ACTIVITY_TASK_STARTED,
      E.EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
      E.EVENT_TYPE_ACTIVITY_TASK_STARTED,
      E.EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
      ...task,
      E.EVENT_TYPE_TIMER_STARTED,
      E.EVENT_TYPE_TIMER_STARTED,
      E.EVENT_TYPE_TIMER_FIRED,
      E.EVENT_TYPE_TIMER_FIRED,
      ...task,
      E.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
    ]);
  });
});

describe('many workflows at once', () => {
  test('concurrent starts, updates and timers of 20 cases each end in their own state', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `many-${i}`);
    await Promise.all(ids.map((id) => s.engine.start('deadlineCase', id, [HOUR])));
    const decided = ids.filter((_, i) => i % 2 === 0);
    await Promise.all(decided.map((id) => s.engine.update(id, decide, { outcome: 'upheld', reason: id })));
    await s.advanceBy(HOUR);
    for (const id of ids) {
      const { result } = await s.engine.describe(id);
      expect(result).toMatchObject(
        decided.includes(id) ? { stage: 'decided', decision: { reason: id } } : { stage: 'overdue' },
      );
    }
  });
});

describe('activities', () => {
  test('an unlimited retry policy keeps waiting on the clock, capped at maximumInterval', async () => {
    await s.engine.start('retriesForever', 'forever-1', []);
    await s.advanceBy(60_000); // 1 + 2 + 4 + 8 + 16 s, then every 20 s (the cap): attempts at 31 s and 51 s
    expect(s.log.events).toHaveLength(7);
    expect(await s.engine.describe('forever-1')).toEqual({ status: 'running' });
  });

  test('a failed attempt is retried after its backoff in virtual time: 1 s, then 2 s', async () => {
    await s.engine.start('retryingCall', 'retry-1', [2]);
    await s.settled();
    const attempts = () => s.log.events.map((e) => e.attempt);
    expect(attempts()).toEqual([1]); // settled() does not wait for a retry: it waits on the clock
    await s.advanceBy(999);
    expect(attempts()).toEqual([1]);
    await s.advanceBy(1);
    expect(attempts()).toEqual([1, 2]);
    await s.advanceBy(1_999);
    expect(await s.engine.describe('retry-1')).toEqual({ status: 'running' });
    await s.advanceBy(1);
    expect(await s.engine.describe('retry-1')).toEqual({ status: 'completed', result: 3 });
    expect(attempts()).toEqual([1, 2, 3]);
    expect(new Set(s.log.events.map((e) => e.key)).size).toBe(1); // one idempotency key for all attempts
  });

  test('maximumAttempts ends the retries and fails the workflow', async () => {
    await s.engine.start('retryingCall', 'retry-2', [9]);
    await s.advanceBy((1 + 2 + 4 + 8) * 1_000); // the backoffs between the five attempts
    expect(s.log.events).toHaveLength(5);
    expect(await s.engine.describe('retry-2')).toMatchObject({ status: 'failed' });
  });

  test('a non-retryable ApplicationFailure is not retried', async () => {
    await s.engine.start('refusedCall', 'refused-1', []);
    await s.settled();
    const described = await s.engine.describe('refused-1');
    expect(described.status).toBe('failed');
    expect(described.failure).toMatch(/Refused: not allowed/);
  });

  test('idempotency keys are workflow id, run id and activity id', async () => {
    await s.engine.start('deadlineCase', 'case-9', [HOUR]);
    await s.settled();
    const [runId] = s.engine.runs('case-9').map((r) => r.runId);
    expect(s.log.events[0].key).toBe(`case-9/${runId}/1`);
  });
});

describe('local activities', () => {
  const E = temporal.api.enums.v1.EventType;

  test('retried within their workflow task, then after timers; recorded as Core markers that replay', async () => {
    const start = Date.parse(s.now());
    await s.engine.start('localCalls', 'local-1', [4]);
    await s.settled();
    const attempts = () => s.log.events.map((e) => e.attempt);
    expect(attempts()).toEqual([1]);
    await s.advanceBy(3_000); // local retries after 1 s and 2 s; the next backoff (4 s) is past the threshold
    expect(attempts()).toEqual([1, 2, 3]);
    await s.advanceBy(4_000); // the SDK's timer, then attempt 4; its backoff (8 s) is a timer again
    expect(attempts()).toEqual([1, 2, 3, 4]);
    await s.advanceBy(8_000);
    expect(await s.engine.describe('local-1')).toEqual({
      status: 'completed',
      // A local activity's failure is its own error, not an ActivityFailure; the time is its end.
      result: { attempt: 5, refusal: 'Refused', now: start + 15_000 },
    });
    const events = s.engine.history('local-1').events!;
    const markers = events
      .filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity')
      .map((e) => ({
        data: JSON.parse(
          Buffer.from(e.markerRecordedEventAttributes!.details!.data!.payloads![0].data!).toString(),
        ),
        failure: e.markerRecordedEventAttributes!.failure?.message,
      }));
    expect(
      markers.map((m) => [m.data.activity_type, m.data.attempt, m.data.backoff?.seconds ?? null, m.failure]),
    ).toEqual([
      ['flaky', 3, 4, 'transient failure on attempt 3'],
      ['flaky', 4, 8, 'transient failure on attempt 4'],
      ['flaky', 5, null, undefined],
      ['refuse', 1, null, 'not allowed'],
    ]);
    expect(markers[2].data.original_schedule_time).toEqual({ seconds: start / 1000, nanos: 0 });
    expect(events.filter((e) => e.eventType === E.EVENT_TYPE_TIMER_STARTED)).toHaveLength(2);
    expect(events.some((e) => e.eventType === E.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)).toBe(false);
    const [outcome] = await replayHistories({
      workflowsPath: fixtureWorkflows,
      histories: [{ workflowId: 'local-1', history: s.engine.history('local-1') }],
    });
    expect(outcome.error).toBeUndefined();
  });

  test('a signal that arrives while a local activity waits for its retry is held until the task completes', async () => {
    await s.engine.start('localCalls', 'local-2', [2]);
    await s.settled();
    await s.advanceBy(1_000); // attempt 2 fails; attempt 3 waits 2 s on the clock, its task still open
    const before = s.engine.history('local-2').events!.length;
    const signalled = s.engine.signal('local-2', addNote, 'meanwhile'); // resolves once delivered
    await new Promise((r) => setImmediate(r));
    expect(s.engine.history('local-2').events!.length).toBe(before);
    await s.advanceBy(2_000); // the held signal does not keep the clock from moving
    await signalled;
    expect(await s.engine.describe('local-2')).toMatchObject({ status: 'completed', result: { attempt: 3 } });
    const types = s.engine.history('local-2').events!.map((e) => E[e.eventType!]);
    // The task that ran the local activities is written whole: its events, its markers, the completion.
    expect(types.slice(before)).toEqual([
      'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED',
      'EVENT_TYPE_WORKFLOW_TASK_STARTED',
      'EVENT_TYPE_WORKFLOW_TASK_COMPLETED',
      'EVENT_TYPE_MARKER_RECORDED',
      'EVENT_TYPE_MARKER_RECORDED',
      'EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED',
    ]);
  });
});

describe('lifecycle', () => {
  test('starting an id twice is a conflict, even once closed', async () => {
    await s.engine.start('deadlineCase', 'case-10', [HOUR]);
    await expect(s.engine.start('deadlineCase', 'case-10', [HOUR])).rejects.toBeInstanceOf(
      WorkflowIdConflictError,
    );
    await s.advanceBy(HOUR);
    await expect(s.engine.start('orderedSteps', 'case-10', [])).rejects.toBeInstanceOf(
      WorkflowIdConflictError,
    );
  });

  test('an ApplicationFailure thrown by the workflow fails it', async () => {
    await s.engine.start('failsOnPurpose', 'fail-1', []);
    await s.settled();
    expect(await s.engine.describe('fail-1')).toEqual({
      status: 'failed',
      failure: 'CaseInvalid: the case is invalid',
    });
  });

  test('continue-as-new starts a new run of the same id with the carried input', async () => {
    await s.engine.start('counter', 'count-1', [0, 3]);
    await s.settled();
    expect(await s.engine.describe('count-1')).toEqual({
      status: 'completed',
      result: { count: 3, continued: true },
    });
    expect(s.engine.runs('count-1').map((r) => r.status)).toEqual([
      'continued',
      'continued',
      'continued',
      'completed',
    ]);
    expect(s.events()).toEqual(['count:0', 'count:1', 'count:2', 'count:3']);
  });

  test('patched() is true for new executions', async () => {
    await s.engine.start('versioned', 'patch-1', []);
    await s.settled();
    expect(await s.engine.describe('patch-1')).toEqual({ status: 'completed', result: true });
    expect(s.events()).toEqual(['notified', 'opened']);
  });
});

describe('bugs in workflow code surface loudly', () => {
  test('a plain Error fails the workflow task: whoever waits is rejected and the run is stuck', async () => {
    await s.engine.start('buggy', 'bug-1', []); // a server accepts the start too
    const settled = s.settled();
    await expect(settled).rejects.toBeInstanceOf(WorkflowTaskFailedError);
    await expect(settled).rejects.toMatchObject({
      causeType: 'TypeError',
      causeMessage: 'bug in workflow code',
    });
    expect(await s.engine.describe('bug-1')).toMatchObject({
      status: 'running',
      failure: expect.stringMatching(/TypeError/),
    });
    await expect(s.engine.signal('bug-1', addNote, 'x')).rejects.toBeInstanceOf(WorkflowTaskFailedError);
  });

  test('non-determinism caught by the sandbox (WeakRef) fails the task with DeterminismViolationError', async () => {
    await s.engine.start('usesWeakRef', 'weak-1', []);
    await expect(s.settled()).rejects.toMatchObject({
      causeType: 'DeterminismViolationError',
    });
  });

  test('an unknown workflow type fails the task', async () => {
    await s.engine.start('noSuchWorkflow', 'none-1', []);
    await expect(s.settled()).rejects.toBeInstanceOf(WorkflowTaskFailedError);
  });

  test('advancing the clock rejects when a timer leads to a task failure', async () => {
    await s.engine.start('bugAfterTimer', 'bug-2', []);
    await expect(s.advanceBy(HOUR)).rejects.toMatchObject({ causeMessage: 'bug after the timer' });
    await s.advanceBy(HOUR); // reported once, not on every later advance
  });
});

describe('on the wall clock (offline fallback of npm start)', () => {
  test('timers fire in real time and close() leaves nothing running', async () => {
    const warnings: string[] = [];
    const engine = await InProcessEngine.create({
      workflowsPath: fixtureWorkflows,
      activities: createFixtureActivities(),
      clock: new WallClock((m) => warnings.push(m)),
    });
    try {
      expect(warnings).toHaveLength(1);
      await engine.start('deadlineCase', 'wall-1', [50]);
      await engine.start('deadlineCase', 'wall-2', [60_000]);
      await engine.settled(); // the first activations ran: the 50 ms timer is armed
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await engine.describe('wall-1')).toMatchObject({
        status: 'completed',
        result: { stage: 'overdue' },
      });
      expect(await engine.listRunning()).toEqual(['wall-2']);
      await expect(engine.advanceBy(1)).rejects.toThrow(/VirtualClock/);
    } finally {
      await engine.close();
    }
  });
});

describe('the instance cache, as a Worker’s maxCachedWorkflows', () => {
  test('idle runs beyond the limit are dropped and replayed from their history when their timer fires', async () => {
    const small = await fixtureScenario({ maxCachedWorkflows: 2 });
    try {
      await small.at('2026-09-30T10:00:00+08:00');
      for (let i = 1; i <= 5; i++) await small.engine.start('deadlineCase', `cached-${i}`, [i * HOUR]);
      await small.engine.settled();
      expect(small.engine.stats.evictions).toBeGreaterThanOrEqual(3);
      // A query of a dropped run replays it first.
      expect(await small.engine.query('cached-1', caseState)).toMatchObject({ stage: 'open' });
      await small.advanceBy(5 * HOUR);
      for (let i = 1; i <= 5; i++) {
        expect(await small.engine.describe(`cached-${i}`)).toMatchObject({ result: { stage: 'overdue' } });
      }
      expect(small.engine.stats.rebuilds).toBeGreaterThanOrEqual(3);
    } finally {
      await small.close();
    }
  });
});
