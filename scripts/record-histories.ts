/**
 * Records the golden histories of the objection workflow from the current code. Run it only when a
 * workflow shape ships (`npm run histories:record`); the replay test then guards them.
 *   - in-process (default): test/histories/objection-{happy,worst}.json, written by the in-process engine;
 *   - CREDIT_TEST_ENGINE=dev TEMPORAL_ADDRESS=…: test/histories/dev-server/*.json, written by a real
 *     Temporal dev server, driven through the HTTP API as a clerk and a provider would.
 */
import fs from 'node:fs';
import path from 'node:path';
import { historyToJSON } from '../engine';
import { testApp, type TestApp } from '../test/support/app';
import { testEngineKind } from '../test/support/engines';
import { happyPath, worstPath } from '../test/support/objection-paths';
import { calendarChanged } from '../workflows/messages';

const HISTORIES = path.join(__dirname, '..', 'test', 'histories');

async function inProcess(): Promise<void> {
  for (const [id, run] of [
    ['objection-happy', happyPath],
    ['objection-worst', worstPath],
  ] as const) {
    await recordOne(HISTORIES, id, async (t) => {
      await run(t, id, 'rec-000001');
      return id;
    });
  }
}

/** What a dev server can run in wall time: every step on time, a calendar signal, a withdrawal. */
async function devServer(): Promise<void> {
  const dir = path.join(HISTORIES, 'dev-server');
  const act = (t: TestApp, id: string, action: string, body: object, token = 'demo-clerk') =>
    t.as(token).post(`/api/cases/${id}/actions/${action}`).send(body).expect(200);
  await recordOne(dir, 'objection-corrected', async (t) => {
    const { id } = await t.fileObjection('rec-000001');
    await act(t, id, 'forward', { note: '与信息源不一致' });
    await t.engine.signal(id, calendarChanged);
    const correction = { correction: 'correct', content: { penalty: '已撤销' }, merge: true, reason: '核实' };
    await act(t, id, 'uphold', correction, 'demo-provider-a');
    await act(t, id, 'process', { note: '已更正' });
    return id;
  });
  await recordOne(dir, 'objection-withdrawn', async (t) => {
    const { id } = await t.fileObjection('rec-000001');
    await act(t, id, 'withdraw', { reason: '申请人撤回' });
    return id;
  });
}

async function recordOne(dir: string, name: string, run: (t: TestApp) => Promise<string>): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  const t = await testApp();
  try {
    const id = await run(t);
    await t.settled();
    const history = await t.history(id);
    fs.writeFileSync(path.join(dir, `${name}.json`), historyToJSON(history) + '\n');
    console.log(`recorded ${name} (${id}) on the ${t.kind} engine: ${history.events?.length} events`);
  } finally {
    await t.close();
  }
}

const kind = testEngineKind();
(kind === 'in-process' ? inProcess() : kind === 'dev' ? devServer() : Promise.reject(new Error(kind)))
  .then(() => process.exit(0))
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
