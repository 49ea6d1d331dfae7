import { spawnSync } from 'node:child_process';
import path from 'node:path';

const child = path.join(__dirname, 'unhandled-rejection.child.ts');
const run = (mode: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', child, mode], { encoding: 'utf8', timeout: 60_000 });

describe("the SDK sandbox's process-wide unhandledRejection listener", () => {
  test('a rejection leaked by workflow code fails that workflow task; the listener goes with the engine', () => {
    const { stdout, status } = run('workflow');
    expect(status).toBe(0);
    expect(JSON.parse(stdout.trim().split('\n').pop() ?? '{}')).toEqual({
      outcome: 'WorkflowTaskFailedError:UnhandledRejectionError',
      listenersLeft: 0,
    });
  });

  test("a rejection leaked by the host still crashes it, as Node's default does", () => {
    const { stdout, stderr, status } = run('host');
    expect(status).not.toBe(0);
    expect(stdout).not.toContain('survived');
    expect(stderr).toContain('host bug');
  });
});
