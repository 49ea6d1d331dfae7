import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
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
 * DESIGN.md, Engine, in this order, saying which it chose:
 *   1. Temporal at TEMPORAL_ADDRESS;
 *   2. a local dev server from a `temporal` CLI: TEMPORAL_CLI_PATH, else on PATH, else the one
 *      scripts/install-temporal-servers.sh installed (~/.cache/credit-cases/bin/temporal);
 *   3. the SDK's own dev server, which it downloads (machines with internet);
 *   4. the in-process engine, which is not durable.
 * A dev server keeps its state in ./data/temporal.db, so cases survive a restart, and serves its Web UI.
 * With Temporal, this process also runs a worker unless RUN_WORKER=false (then run `npm run worker`).
 */
export async function chooseEngine(
  env: NodeJS.ProcessEnv,
  activities: CaseActivities,
  log: Log,
): Promise<ChosenEngine> {
  const configured = temporalConfigFromEnv(env);
  if (configured) {
    const ui = env.TEMPORAL_UI_URL ? `; Web UI ${env.TEMPORAL_UI_URL}` : '';
    return temporal(configured, env, activities, `Temporal at ${configured.address}${ui}`, log);
  }

  const local = localDevServerConfig(env);
  const cli = findTemporalCli(env);
  if (cli) {
    const dev = await startDevServer(cli, local, log);
    if (dev) {
      const chosen = await temporal(local, env, activities, `Temporal dev server (${cli})${webUi()}`, log);
      return { ...chosen, close: async () => (await chosen.close(), dev.kill('SIGTERM'), undefined) };
    }
  }

  const downloaded = await downloadedDevServer(local, log);
  if (downloaded) {
    const chosen = await temporal(
      local,
      env,
      activities,
      `Temporal dev server (SDK download)${webUi()}`,
      log,
    );
    return { ...chosen, close: async () => (await chosen.close(), await downloaded.teardown()) };
  }

  log(
    'No Temporal server (TEMPORAL_ADDRESS unset, no temporal CLI, no download): using the in-process engine.',
  );
  const engine = await InProcessEngine.create({
    workflowsPath: WORKFLOWS_PATH,
    activities,
    clock: new WallClock((m) => log(`WARNING: ${m}`)),
  });
  return { engine, description: 'in-process (not durable)', close: () => engine.close() };
}

const DEV_SERVER_PORT = 7233;
const DEV_UI_PORT = 8233;
const DEV_DB_FILE = path.join('data', 'temporal.db');
const webUi = () => `; Web UI http://localhost:${DEV_UI_PORT}`;

function localDevServerConfig(env: NodeJS.ProcessEnv): TemporalConfig {
  return {
    address: `127.0.0.1:${DEV_SERVER_PORT}`,
    namespace: env.TEMPORAL_NAMESPACE || 'default',
    taskQueue: env.TEMPORAL_TASK_QUEUE || 'credit-cases',
  };
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

/** Where scripts/install-temporal-servers.sh puts the CLI. */
export function installedCliPath(env: NodeJS.ProcessEnv): string {
  const cache = env.XDG_CACHE_HOME || path.join(env.HOME || os.homedir(), '.cache');
  return path.join(env.CREDIT_TOOLS_DIR || path.join(cache, 'credit-cases'), 'bin', 'temporal');
}

function findTemporalCli(env: NodeJS.ProcessEnv): string | null {
  if (env.TEMPORAL_CLI_PATH) return fs.existsSync(env.TEMPORAL_CLI_PATH) ? env.TEMPORAL_CLI_PATH : null;
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'temporal');
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  const installed = installedCliPath(env);
  return fs.existsSync(installed) ? installed : null;
}

/** Starts `temporal server start-dev` with its state in ./data, and waits until it accepts clients. */
async function startDevServer(cli: string, config: TemporalConfig, log: Log): Promise<ChildProcess | null> {
  fs.mkdirSync(path.dirname(DEV_DB_FILE), { recursive: true });
  const child = spawn(
    cli,
    [
      'server',
      'start-dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(DEV_SERVER_PORT),
      '--ui-port',
      String(DEV_UI_PORT),
      '--db-filename',
      DEV_DB_FILE,
      '--namespace',
      config.namespace,
      '--log-level',
      'error',
    ],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 60 && child.exitCode === null; i++) {
    try {
      const probe = await TemporalEngine.connect(config);
      await probe.close();
      return child;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  log(`The temporal CLI at ${cli} did not start a dev server; falling back.`);
  child.kill('SIGTERM');
  return null;
}

/** The SDK downloads the CLI's dev server when it can reach temporal.download; offline it cannot. */
async function downloadedDevServer(config: TemporalConfig, log: Log) {
  try {
    const { TestWorkflowEnvironment } = await import('@temporalio/testing');
    fs.mkdirSync(path.dirname(DEV_DB_FILE), { recursive: true });
    return await TestWorkflowEnvironment.createLocal({
      server: {
        ip: '127.0.0.1',
        port: DEV_SERVER_PORT,
        uiPort: DEV_UI_PORT,
        dbFilename: DEV_DB_FILE,
        namespace: config.namespace,
        executable: { type: 'cached-download', downloadDir: path.join('data', 'temporal-cli') },
      },
    });
  } catch (err) {
    log(
      `No dev server could be downloaded (${err instanceof Error ? err.message.split('\n')[0] : String(err)}).`,
    );
    return null;
  }
}
