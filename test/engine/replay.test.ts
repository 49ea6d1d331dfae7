/**
 * Histories recorded by the in-process engine replay on the SDK's replay worker (Core), so a
 * workflow change that breaks determinism fails CI before it reaches a running case.
 */
import { temporal } from '@temporalio/proto';
import { DeterminismViolationError } from '@temporalio/workflow';
import { historyFromJSON, historyToJSON, replayHistories } from '../../engine';
import { addNote, decide } from '../fixtures/messages';
import type { ObservedSinks } from '../fixtures/workflows';
import {
  fixtureScenario,
  fixtureWorkflows,
  fixtureWorkflowsV2,
  type FixtureScenario,
} from './fixture-engine';
import type { InjectedSinks } from '@temporalio/worker';

let s: FixtureScenario;
beforeEach(async () => {
  s = await fixtureScenario();
  await s.at('2026-09-30T10:00:00+08:00');
});
afterEach(() => s.close());

const HOUR = 3_600_000;

/**
 * Records one run of each kind: timers, cancelled timer, update (one sent with the start), signal,
 * retries, patch, continue-as-new, activations of several jobs.
 */
async function recordRuns(): Promise<string[]> {
  await s.engine.start('deadlineCase', 'decided', [HOUR]);
  await expect(s.engine.update('decided', decide, { outcome: 'upheld', reason: ' ' })).rejects.toThrow();
  await s.engine.update('decided', decide, { outcome: 'upheld', reason: 'corrected' });
  await s.engine.start('deadlineCase', 'overdue', [HOUR]);
  await s.engine.start('retryingCall', 'retried', [2]);
  await s.engine.start('refusedCall', 'refused', []);
  await s.engine.start('versioned', 'patched', []);
  await s.engine.start('orderedSteps', 'ordered', []);
  await s.engine.start('counter', 'counted', [0, 2]);
  await s.engine.start('parallelWork', 'batched', []);
  await s.engine.signal('batched', addNote, 'with the start');
  await s.advanceBy(HOUR);
  return ['decided', 'overdue', 'retried', 'refused', 'patched', 'ordered', 'counted', 'batched'];
}

test('every recorded history replays against the code that produced it, also after a JSON round trip', async () => {
  const ids = await recordRuns();
  const histories = ids.map((workflowId) => ({
    workflowId,
    history: historyFromJSON(JSON.parse(historyToJSON(s.engine.history(workflowId)))),
  }));
  const outcomes = await replayHistories({ workflowsPath: fixtureWorkflows, histories });
  expect(outcomes).toEqual(ids.map((workflowId) => ({ workflowId, error: undefined })));
});

test('each continue-as-new run has its own history, and all replay', async () => {
  await s.engine.start('counter', 'counted', [0, 2]);
  await s.settled();
  const histories = s.engine
    .runs('counted')
    .map((r) => ({ workflowId: 'counted', history: s.engine.history('counted', r.runId) }));
  expect(histories).toHaveLength(3);
  const outcomes = await replayHistories({ workflowsPath: fixtureWorkflows, histories });
  expect(outcomes.map((o) => o.error)).toEqual([undefined, undefined, undefined]);
});

test('a change that reorders commands without a patch fails replay with DeterminismViolationError', async () => {
  await s.engine.start('orderedSteps', 'ordered', []);
  await s.advanceBy(HOUR);
  const [outcome] = await replayHistories({
    workflowsPath: fixtureWorkflowsV2,
    histories: [{ workflowId: 'ordered', history: s.engine.history('ordered') }],
  });
  expect(outcome.error).toBeInstanceOf(DeterminismViolationError);
});

test('a change guarded by patched() then deprecatePatch() replays histories recorded with the patch', async () => {
  await s.engine.start('versioned', 'patched', []);
  await s.settled();
  const [outcome] = await replayHistories({
    workflowsPath: fixtureWorkflowsV2,
    histories: [{ workflowId: 'patched', history: s.engine.history('patched') }],
  });
  expect(outcome.error).toBeUndefined();
});

test('Math.random, uuid4 and Date.now give the same values on replay (Core derives the same seed)', async () => {
  const seen: Record<'live' | 'replay', unknown[]> = { live: [], replay: [] };
  const sinks = (into: unknown[]): InjectedSinks<ObservedSinks> => ({
    observed: {
      values: { fn: (_info, label, values) => void into.push({ label, values }), callDuringReplay: true },
    },
  });
  await s.close();
  s = await fixtureScenario({ sinks: sinks(seen.live) });
  await s.at('2026-09-30T10:00:00+08:00');
  await s.engine.start('deterministicSources', 'sources', []);
  await s.advanceBy(HOUR);

  await replayHistories({
    workflowsPath: fixtureWorkflows,
    histories: [{ workflowId: 'sources', history: s.engine.history('sources') }],
    sinks: sinks(seen.replay),
  });
  expect(seen.live).toHaveLength(2);
  expect(seen.replay).toEqual(seen.live);
});

test('continue-as-new when the server suggests it (engine set to suggest at 20 events): runs and replays', async () => {
  await s.close();
  s = await fixtureScenario({ suggestContinueAsNew: { historyEvents: 20 } });
  await s.engine.start('continuesWhenSuggested', 'suggested', [1]);
  await s.advanceBy(24 * HOUR);
  const { status, result } = await s.engine.describe('suggested');
  expect(status).toBe('completed');
  const runs = s.engine.runs('suggested');
  expect(runs.map((r) => r.status)).toEqual(['continued', 'continued', 'completed']);
  const histories = runs.map((r) => s.engine.history('suggested', r.runId));
  // Each run ends within the workflow task that got the suggestion (24 hours unbroken: ~120 events).
  for (const history of histories) expect(history.events.length).toBeLessThanOrEqual(25);
  // historyLength is the id of the last WorkflowTaskStarted event, as Core reports it.
  const last = histories[2].events;
  const { EventType } = temporal.api.enums.v1;
  const started = last.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
  const lastStarted = started[started.length - 1];
  expect(result).toEqual({
    run: 3,
    historyLength: Number(lastStarted.eventId),
    historySize: Number(lastStarted.workflowTaskStartedEventAttributes?.historySizeBytes),
  });
  expect((result as { historySize: number }).historySize).toBeGreaterThan(0);
  const outcomes = await replayHistories({
    workflowsPath: fixtureWorkflows,
    histories: histories.map((history) => ({ workflowId: 'suggested', history })),
  });
  expect(outcomes.map((o) => o.error)).toEqual([undefined, undefined, undefined]);
});

test('by default the suggestion comes at the server defaults, so short runs never get it', async () => {
  await s.engine.start('continuesWhenSuggested', 'unsuggested', [1]);
  await s.advanceBy(24 * HOUR);
  expect(await s.engine.describe('unsuggested')).toEqual({ status: 'running' });
  expect(s.engine.runs('unsuggested')).toHaveLength(1);
});
