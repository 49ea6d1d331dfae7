import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { CaseActivities } from '../activities/types';
import { InProcessEngine, WallClock } from '../engine';
import { temporalConfigFromEnv, type TemporalConfig } from '../engine/temporal/config';
import { TemporalEngine } from '../engine/temporal/engine';
import { createWorker } from '../engine/temporal/worker';
import type { CaseEngine } from '../engine/types';

export const WORKFLOWS_PATH = path.join(__dirname, '..', 'workflows', 'index.ts');

export interface ChosenEngine {
  engine: CaseEngine;
  /** How it was chosen, for the start-up log. */
  description: string;
  close(): Promise<void>;
}

type Log = (message: string) => void;

/**
 * DESIGN.md, Engine: Temporal at TEMPORAL_ADDRESS if set; else a local Temporal dev server from the
 * `temporal` CLI (TEMPORAL_CLI_PATH or on PATH); else the in-process engine, which is not durable.
 * With Temporal, this process also runs a worker unless RUN_WORKER=false (then run `npm run worker`).
 */
export async function chooseEngine(
  env: NodeJS.ProcessEnv,
  activities: CaseActivities,
  log: Log,
): Promise<ChosenEngine> {
  const configured = temporalConfigFromEnv(env);
  if (configured) return temporal(configured, env, activities, `Temporal at ${configured.address}`, log);

  const cli = findTemporalCli(env);
  if (cli) {
    const dev = await startDevServer(cli, env, log);
    if (dev) {
      const chosen = await temporal(dev.config, env, activities, `Temporal dev server (${cli})`, log);
      return { ...chosen, close: async () => (await chosen.close(), dev.process.kill('SIGTERM'), undefined) };
    }
  }

  log('No Temporal server (TEMPORAL_ADDRESS unset, no temporal CLI): using the in-process engine.');
  const engine = await InProcessEngine.create({
    workflowsPath: WORKFLOWS_PATH,
    activities,
    clock: new WallClock((m) => log(`WARNING: ${m}`)),
  });
  return { engine, description: 'in-process (not durable)', close: () => engine.close() };
}

async function temporal(
  config: TemporalConfig,
  env: NodeJS.ProcessEnv,
  activities: CaseActivities,
  description: string,
  log: Log,
): Promise<ChosenEngine> {
  const engine = await TemporalEngine.connect(config);
  if (env.RUN_WORKER === 'false') {
    return { engine, description: `${description}, workers run separately`, close: () => engine.close() };
  }
  const { worker, connection } = await createWorker({ workflowsPath: WORKFLOWS_PATH, activities, config });
  const running = worker.run().catch((err) => log(`Temporal worker stopped: ${String(err)}`));
  log(`Temporal worker polling task queue ${config.taskQueue}`);
  return {
    engine,
    description: `${description}, with an in-process worker`,
    close: async () => {
      worker.shutdown();
      await running;
      await connection.close();
      await engine.close();
    },
  };
}

function findTemporalCli(env: NodeJS.ProcessEnv): string | null {
  if (env.TEMPORAL_CLI_PATH) return fs.existsSync(env.TEMPORAL_CLI_PATH) ? env.TEMPORAL_CLI_PATH : null;
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'temporal');
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  return null;
}

const DEV_SERVER_PORT = 7233;

/** Starts `temporal server start-dev` with its state in ./data, and waits until it accepts clients. */
async function startDevServer(
  cli: string,
  env: NodeJS.ProcessEnv,
  log: Log,
): Promise<{ config: TemporalConfig; process: ChildProcess } | null> {
  fs.mkdirSync('data', { recursive: true });
  const child = spawn(
    cli,
    [
      'server',
      'start-dev',
      '--headless',
      '--port',
      String(DEV_SERVER_PORT),
      '--db-filename',
      'data/temporal.db',
      '--namespace',
      env.TEMPORAL_NAMESPACE || 'default',
    ],
    { stdio: 'ignore' },
  );
  const config: TemporalConfig = {
    address: `127.0.0.1:${DEV_SERVER_PORT}`,
    namespace: env.TEMPORAL_NAMESPACE || 'default',
    taskQueue: env.TEMPORAL_TASK_QUEUE || 'credit-cases',
  };
  for (let i = 0; i < 40 && child.exitCode === null; i++) {
    try {
      const probe = await TemporalEngine.connect(config);
      await probe.close();
      return { config, process: child };
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  log(`The temporal CLI at ${cli} did not start a dev server; falling back.`);
  child.kill('SIGTERM');
  return null;
}
