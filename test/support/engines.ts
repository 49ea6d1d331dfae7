/**
 * The engine a test story runs on, chosen by CREDIT_TEST_ENGINE:
 *   in-process (default)  the SDK sandbox on a virtual clock: fast and deterministic;
 *   time-skipping         Temporal's time-skipping test server (TEMPORAL_TEST_SERVER_PATH), one server per
 *                         story, its clock started at the story's first instant and moved by the harness;
 *   dev                   the Temporal CLI's dev server at TEMPORAL_ADDRESS, in wall time (no time travel).
 * A real server gets a real Worker on a task queue of its own. Asking for a server that cannot be
 * reached fails the test: a server run is never silently replaced by another engine.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import net from 'node:net';
import { Connection } from '@temporalio/client';
import {
  InternalConnectionOptionsSymbol,
  type InternalConnectionOptions,
} from '@temporalio/client/lib/connection';
import { msToTs, tsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { DefaultLogger, Runtime, type Worker } from '@temporalio/worker';
import { InProcessEngine, VirtualClock, type InProcessEngineOptions } from '../../engine';
import { TemporalEngine } from '../../engine/temporal/engine';
import { createWorker } from '../../engine/temporal/worker';
import type { TemporalConfig } from '../../engine/temporal/config';
import type { CaseEngine } from '../../engine/types';

export type TestEngineKind = 'in-process' | 'time-skipping' | 'dev';

export function testEngineKind(env: NodeJS.ProcessEnv = process.env): TestEngineKind {
  const kind = env.CREDIT_TEST_ENGINE ?? 'in-process';
  if (kind === 'in-process' || kind === 'time-skipping' || kind === 'dev') return kind;
  throw new Error(`CREDIT_TEST_ENGINE must be in-process, time-skipping or dev (got "${kind}")`);
}

export interface TestEngine {
  readonly kind: TestEngineKind;
  readonly engine: CaseEngine;
  /** The engine's current time (what workflows read as Date.now()). */
  now(): Date;
  /** Moves time forward to `instant`, firing due timers in order, and waits until their work is done. */
  advanceTo(instant: string): Promise<void>;
  /** Waits until no workflow task or activity is pending. */
  settled(): Promise<void>;
  /** The workflow's latest run's history, as the engine wrote it. */
  history(workflowId: string): Promise<temporal.api.history.v1.IHistory>;
  /**
   * The worker goes away mid-case and another takes over. In-process: the worker dies
   * (`InProcessEngine.loseWorker`: runs resume from their histories, attempts in flight time out and are
   * retried). On a server: the Worker is shut down (its in-flight work gets the grace time) and a new
   * Worker is started on the same task queue.
   */
  restartWorker(): Promise<void>;
  close(): Promise<void>;
}

export interface TestEngineOptions extends Omit<InProcessEngineOptions, 'clock'> {
  start: string;
  /** Default: CREDIT_TEST_ENGINE. */
  kind?: TestEngineKind;
  /**
   * The story restarts the worker (`restartWorker`): on a server, workers then run without a cache. Needed
   * on the time-skipping server; a dev server recovers from a stopped worker's sticky queue in 10 s.
   */
  restartable?: boolean;
}

/** How late a server's timer may fire after the instant a workflow asked for (see `advance`). */
const TIMER_LAG_MS = 1_000;

export async function startTestEngine(options: TestEngineOptions): Promise<TestEngine> {
  const kind = options.kind ?? testEngineKind();
  if (kind === 'in-process') return inProcess(options);
  quietSdkLogs();
  if (kind === 'dev') {
    const address = process.env.TEMPORAL_ADDRESS;
    if (!address) throw new Error('CREDIT_TEST_ENGINE=dev needs TEMPORAL_ADDRESS (a running dev server)');
    return onServer('dev', address, options, null);
  }
  const server = await startTimeSkippingServer(options.start);
  return onServer('time-skipping', server.address, options, server.process);
}

async function inProcess({
  start,
  kind: _kind,
  restartable: _restartable,
  ...options
}: TestEngineOptions): Promise<TestEngine> {
  const clock = new VirtualClock(start);
  const engine = await InProcessEngine.create({ ...options, clock });
  return {
    kind: 'in-process',
    engine,
    now: () => new Date(engine.now()),
    advanceTo: (instant) => engine.advanceTo(instant),
    settled: () => engine.settled(),
    history: async (workflowId) => engine.history(workflowId),
    restartWorker: async () => engine.loseWorker(),
    close: () => engine.close(),
  };
}

let sdkLogsQuiet = false;
function quietSdkLogs(): void {
  if (sdkLogsQuiet) return;
  sdkLogsQuiet = true;
  Runtime.install({ logger: new DefaultLogger('ERROR') });
}

async function onServer(
  kind: 'dev' | 'time-skipping',
  address: string,
  { workflowsPath, activities, start, restartable }: TestEngineOptions,
  serverProcess: ChildProcess | null,
): Promise<TestEngine> {
  const config: TemporalConfig = {
    address,
    namespace: 'default',
    taskQueue: `test-${crypto.randomUUID()}`,
  };
  // The SDK's own TestWorkflowEnvironment opens its connection the same way to reach the TestService.
  const options: InternalConnectionOptions = {
    address,
    [InternalConnectionOptionsSymbol]: { supportsTestService: kind === 'time-skipping' },
  };
  const connection = await Connection.connect(options);
  const temporal = await TemporalEngine.connect(config);
  const startWorker = async () => {
    const setup = await createWorker({
      workflowsPath,
      activities: activities as object,
      config,
      options: {
        shutdownGraceTime: '1 second',
        // A server hands a run's next task to the worker that cached it (its sticky queue) until that queue
        // times out, which the time-skipping server never does (nor can its sticky queue be reset): after a
        // restart the task would wait forever. Without a cache the worker asks for no sticky queue.
        ...(restartable ? { maxCachedWorkflows: 0 } : {}),
      },
    });
    return { ...setup, running: setup.worker.run() };
  };
  let current = await startWorker();
  const stopWorker = async () => {
    current.worker.shutdown();
    await current.running.catch(() => undefined);
    await current.connection.close();
  };
  const started = new Set<string>();
  const engine: CaseEngine = new Proxy(temporal, {
    get(target, prop, receiver) {
      if (prop === 'start' || prop === 'startWithUpdate') {
        return (type: string, id: string, ...rest: unknown[]) => {
          started.add(id);
          return (target[prop] as (...a: unknown[]) => Promise<unknown>).call(target, type, id, ...rest);
        };
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });

  // The app's clock stands still between moves, as on the virtual clock: it reads the instant time was
  // last moved to. (The test server's own clock runs on at wall speed meanwhile, a few ms ahead.)
  const testService = connection.testService;
  let standing = new Date(start);
  const serverNow = async () => tsToMs((await testService!.getCurrentTime({})).time);

  const settled = async () => {
    let quietPolls = 0;
    for (let i = 0; i < 2000 && quietPolls < 2; i++) {
      const busy = await workBusy(temporal, connection, current.worker, started, config.namespace);
      quietPolls = busy ? 0 : quietPolls + 1;
      if (quietPolls < 2) await sleep(busy ? 20 : 10);
    }
    if (quietPolls < 2) throw new Error('the workflows did not settle within 40 s');
  };

  return {
    kind,
    engine,
    now: () => (testService ? standing : new Date()),
    advanceTo: (instant) => advance(instant),
    settled,
    history: (workflowId) => temporal.fetchHistory(workflowId),
    restartWorker: async () => {
      await stopWorker();
      current = await startWorker();
    },
    close: async () => {
      await stopWorker();
      await temporal.close();
      await connection.close();
      serverProcess?.kill('SIGTERM');
    },
  };

  async function advance(instant: string): Promise<void> {
    if (!testService)
      throw new Error(`the ${kind} server cannot move time: run this test on a time-skipping engine`);
    await settled();
    // A little past the instant, so that timers due then have fired before we settle. A server starts a timer
    // when the workflow task that asked for it completes, its duration counted from the task's start: on a
    // loaded machine (a long task, a local activity in it) it fires up to a second or so late, as
    // workflowInstant (test/support/instants.ts) allows for.
    const ms = Date.parse(instant) + TIMER_LAG_MS - (await serverNow());
    if (ms > 0) await testService.unlockTimeSkippingWithSleep({ duration: msToTs(ms) });
    await settled();
    standing = new Date(Math.max(standing.getTime(), Date.parse(instant)));
  }
}

/**
 * True while the worker is busy or any started workflow has a workflow task or an activity outstanding
 * in its history. An activity waiting out its retry backoff is not work: it is a timer, like any other.
 */
async function workBusy(
  temporal: TemporalEngine,
  connection: Connection,
  worker: Worker,
  ids: Set<string>,
  namespace: string,
): Promise<boolean> {
  const status = worker.getStatus();
  if (status.numInFlightWorkflowActivations > 0 || status.numInFlightActivities > 0) return true;
  for (const workflowId of ids) {
    const outstanding = outstandingWork((await temporal.fetchHistory(workflowId)).events ?? []);
    if (outstanding.workflowTask) return true;
    if (outstanding.activities > 0 && !(await allInBackoff(connection, workflowId, namespace))) return true;
  }
  return false;
}

function outstandingWork(events: temporal.api.history.v1.IHistoryEvent[]) {
  const E = temporal.api.enums.v1.EventType;
  let workflowTask = false;
  let activities = 0;
  for (const e of events) {
    switch (e.eventType) {
      case E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED:
        workflowTask = true;
        break;
      case E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
      case E.EVENT_TYPE_WORKFLOW_TASK_FAILED:
      case E.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT:
        workflowTask = false;
        break;
      case E.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
        activities++;
        break;
      case E.EVENT_TYPE_ACTIVITY_TASK_COMPLETED:
      case E.EVENT_TYPE_ACTIVITY_TASK_FAILED:
      case E.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT:
      case E.EVENT_TYPE_ACTIVITY_TASK_CANCELED:
        activities--;
        break;
    }
  }
  return { workflowTask, activities };
}

async function allInBackoff(connection: Connection, workflowId: string, namespace: string) {
  const d = await connection.workflowService.describeWorkflowExecution({
    namespace,
    execution: { workflowId },
  });
  const pending = d.pendingActivities ?? [];
  return pending.length > 0 && pending.every((a) => a.attempt != null && a.attempt > 1 && a.lastFailure);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startTimeSkippingServer(start: string): Promise<{ address: string; process: ChildProcess }> {
  const executable = process.env.TEMPORAL_TEST_SERVER_PATH;
  if (!executable) {
    throw new Error(
      'CREDIT_TEST_ENGINE=time-skipping needs TEMPORAL_TEST_SERVER_PATH (scripts/install-temporal-servers.sh prints it)',
    );
  }
  const port = await freePort();
  const child = spawn(executable, [String(port), new Date(start).toISOString()], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('the time-skipping server did not start in 30 s')),
      30_000,
    );
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the time-skipping server exited (${code})`));
    });
  });
  return { address: `127.0.0.1:${port}`, process: child };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}
