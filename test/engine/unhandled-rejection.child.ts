/**
 * Run as a plain Node process by unhandled-rejection.test.ts: jest routes unhandled rejections
 * to its own reporter, so the process-wide listener the SDK sandbox relies on is only observable
 * outside it. Mode 'workflow': a rejection leaked by workflow code; mode 'host': one leaked by
 * the host while an engine is open (must still crash, as Node does by default).
 */
import path from 'node:path';
import { InProcessEngine } from '../../engine';
import { createFixtureActivities } from '../fixtures/activities';

async function main(mode: string): Promise<void> {
  const engine = await InProcessEngine.create({
    workflowsPath: path.join(__dirname, '..', 'fixtures', 'workflows.ts'),
    activities: createFixtureActivities(),
    workflowLog: () => undefined,
  });
  if (mode === 'workflow') {
    await engine.start('leaksRejection', 'leak-1', []);
    const outcome = await engine.settled().then(
      () => 'resolved',
      (err: { name: string; causeType?: string }) => `${err.name}:${err.causeType}`,
    );
    await engine.close();
    console.log(JSON.stringify({ outcome, listenersLeft: process.listenerCount('unhandledRejection') }));
  } else {
    void Promise.reject(new Error('host bug'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    console.log(JSON.stringify({ outcome: 'survived' }));
    await engine.close();
  }
}

void main(process.argv[2] ?? 'workflow');
