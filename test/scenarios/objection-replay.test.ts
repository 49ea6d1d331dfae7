/**
 * Determinism of the objection workflow: fresh runs replay on the SDK's replay worker, and so do the
 * golden histories recorded from the code as it shipped (test/histories). A change to
 * workflows/objection.ts that would break a running case fails here; version it with patched().
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

test('the golden histories of the shipped workflow still replay', async () => {
  const files = fs.readdirSync(GOLDEN).filter((f) => f.endsWith('.json'));
  expect(files.sort()).toEqual(['objection-happy.json', 'objection-worst.json']);
  const histories = files.map((f) => ({
    workflowId: f.replace(/\.json$/, ''),
    history: historyFromJSON(JSON.parse(fs.readFileSync(path.join(GOLDEN, f), 'utf8'))),
  }));
  const outcomes = await replayHistories({ workflowsPath: WORKFLOWS_PATH, histories });
  expect(outcomes.map((o) => [o.workflowId, o.error?.message])).toEqual(
    histories.map((h) => [h.workflowId, undefined]),
  );
});

test('the workflow type the API starts is the function the worker registers', async () => {
  const workflows = await import('../../workflows');
  expect(typeof (workflows as Record<string, unknown>)[OBJECTION_WORKFLOW]).toBe('function');
});
