/**
 * Determinism of the objection workflow: fresh runs replay on the SDK's replay worker, and so do the
 * golden histories recorded from the code as it shipped (test/histories), including those of runs started
 * before the 'local-step' patch (test/histories/before-local-step: the step as an activity) and before the
 * 'apply-step' patch (test/histories/before-apply-step: an activity per effect), which a deployed worker may
 * still be carrying. A change to the case loop that would break a running case fails here; version it with
 * patched().
 */
import fs from 'node:fs';
import path from 'node:path';
import { historyFromJSON, historyToJSON, replayHistories } from '../../engine';
import { WORKFLOWS_PATH, testApp } from '../support/app';
import { happyPath, worstPath } from '../support/objection-paths';
import { OBJECTION_WORKFLOW } from '../../workflows/messages';

const GOLDEN = path.join(__dirname, '..', 'histories');

/** Runs one path on its own app and virtual clock; returns its history after a JSON round trip. */
async function recorded(workflowId: string, run: typeof happyPath) {
  const t = await testApp();
  try {
    await run(t, workflowId, 'rec-000001');
    expect((await t.engine.describe(workflowId)).status).toBe('completed');
    return {
      workflowId,
      history: historyFromJSON(JSON.parse(historyToJSON(t.inProcess().history(workflowId)))),
    };
  } finally {
    await t.close();
  }
}

test('a fresh happy and worst path each replay against the current workflow code', async () => {
  const histories = [await recorded('obj-happy', happyPath), await recorded('obj-worst', worstPath)];
  const outcomes = await replayHistories({ workflowsPath: WORKFLOWS_PATH, histories });
  expect(outcomes).toEqual([
    { workflowId: 'obj-happy', error: undefined },
    { workflowId: 'obj-worst', error: undefined },
  ]);
});

/** The golden histories in `dir`, in file-name order. */
function golden(dir: string) {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  return files.map((f) => ({
    workflowId: f.replace(/\.json$/, ''),
    history: historyFromJSON(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'))),
  }));
}

const activityTypes = (h: ReturnType<typeof golden>[number]) =>
  new Set(
    h.history.events!.map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name).filter(Boolean),
  );

/** The activity types of the local activities whose markers (Core's) the history holds. */
const localActivityTypes = (h: ReturnType<typeof golden>[number]) =>
  new Set(
    h.history
      .events!.map((e) => e.markerRecordedEventAttributes)
      .filter((m) => m?.markerName === 'core_local_activity')
      .map((m) => JSON.parse(Buffer.from(m!.details!.data!.payloads![0].data!).toString()).activity_type),
  );

async function expectReplays(histories: ReturnType<typeof golden>) {
  const outcomes = await replayHistories({ workflowsPath: WORKFLOWS_PATH, histories });
  expect(outcomes.map((o) => [o.workflowId, o.error?.message])).toEqual(
    histories.map((h) => [h.workflowId, undefined]),
  );
}

// Recorded with `npm run histories:record`, and with `CREDIT_TEST_ENGINE=dev TEMPORAL_ADDRESS=… npm run
// histories:record` on a real Temporal dev server, driven through the HTTP API (scripts/record-histories.ts).
describe.each([
  ['in-process', '', ['objection-happy', 'objection-worst']],
  ['dev server', 'dev-server', ['objection-corrected', 'objection-withdrawn']],
])('golden histories written by the %s engine', (_engine, dir, names) => {
  test('of the shipped workflow (one local step per transition) still replay', async () => {
    const histories = golden(path.join(GOLDEN, dir));
    expect(histories.map((h) => h.workflowId)).toEqual(names);
    expect(
      histories.every((h) => localActivityTypes(h).has('applyStep') && !activityTypes(h).has('applyStep')),
    ).toBe(true);
    await expectReplays(histories);
  });

  test("of runs started before the 'local-step' patch (the step as an activity) still replay", async () => {
    const histories = golden(path.join(GOLDEN, 'before-local-step', dir));
    expect(histories.map((h) => h.workflowId)).toEqual(names);
    expect(
      histories.every((h) => activityTypes(h).has('applyStep') && localActivityTypes(h).size === 0),
    ).toBe(true);
    await expectReplays(histories);
  });

  test("of runs started before the 'apply-step' patch (an activity per effect) still replay", async () => {
    const histories = golden(path.join(GOLDEN, 'before-apply-step', dir));
    expect(histories.map((h) => h.workflowId)).toEqual(names);
    expect(
      histories.every((h) => !activityTypes(h).has('applyStep') && activityTypes(h).has('projectCase')),
    ).toBe(true);
    await expectReplays(histories);
  });
});

test('histories written by a real Temporal dev server carry what only a server writes', () => {
  // The start as the server writes it (firstWorkflowTaskBackoff) and the Worker's SDK metadata: the
  // in-process engine writes neither.
  for (const dir of ['dev-server', 'before-local-step/dev-server', 'before-apply-step/dev-server']) {
    for (const { history } of golden(path.join(GOLDEN, dir))) {
      const [started] = history.events!;
      expect(started.workflowExecutionStartedEventAttributes?.firstWorkflowTaskBackoff).toBeDefined();
      const completed = history.events!.find((e) => e.workflowTaskCompletedEventAttributes)!;
      expect(completed.workflowTaskCompletedEventAttributes!.sdkMetadata?.sdkName).toBe(
        'temporal-typescript',
      );
    }
  }
});

test('the workflow type the API starts is the function the worker registers', async () => {
  const workflows = await import('../../workflows');
  expect(typeof (workflows as Record<string, unknown>)[OBJECTION_WORKFLOW]).toBe('function');
});
