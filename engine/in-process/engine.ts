import crypto from 'node:crypto';
import { defaultPayloadConverter, toPayloads, type Payload } from '@temporalio/common';
import type { InjectedSinks } from '@temporalio/worker';
import type { QueryDefinition, SignalDefinition, UpdateDefinition } from '@temporalio/common';
import type { SinkCall, Sinks } from '@temporalio/workflow';
import type { temporal } from '@temporalio/proto';
import { WorkflowIdConflictError, WorkflowNotFoundError } from '../errors';
import type { CaseEngine, WorkflowDescription } from '../types';
import type { ActivityFunction } from './activity-runner';
import { loadWorkflowBundle } from './bundle';
import { VirtualClock, type EngineClock } from './clock';
import { WorkflowRun, type RunHost } from './run';
import { Sandbox } from './sandbox';
import { WorkTracker } from '../work-tracker';

export interface InProcessEngineOptions {
  /** The workflows module (e.g. `require.resolve('../workflows')`), bundled like a Worker does. */
  workflowsPath: string;
  /**
   * The real activities: an object whose function properties are the activity types, e.g.
   * `createActivities(deps)` (typed `object` like the Worker's option, so interfaces fit).
   */
  activities: object;
  /** Default: a VirtualClock at 2026-01-01T00:00Z. Use a WallClock for the offline server. */
  clock?: EngineClock;
  namespace?: string;
  taskQueue?: string;
  /** Bundle cache directory; default `.cache/workflow-bundles` under the cwd. */
  bundleCacheDir?: string;
  /** Sinks the workflows call through `proxySinks()`, as given to a Worker. */
  sinks?: InjectedSinks<Sinks>;
  /** Receives workflow `log.*` calls; default prints warnings and errors. */
  workflowLog?: (level: string, message: string, attributes: unknown) => void;
  /**
   * When workflows are told to continue as new (`workflowInfo().continueAsNewSuggested`): once
   * the history has this many events, or this many bytes. Default as a Temporal server:
   * `limit.historyCount.suggestContinueAsNew` 4096 events, `limit.historySize.suggestContinueAsNew`
   * 4 MiB. Lower them to exercise continue-as-new in tests.
   */
  suggestContinueAsNew?: { historyEvents?: number; historySizeBytes?: number };
  /**
   * Longest one call into workflow code may run before it is interrupted, as on a Worker
   * (default 5000). 0 turns the watchdog off: activations get several times faster, but an
   * endless loop in workflow code then hangs the process instead of failing the task.
   */
  isolateExecutionTimeoutMs?: number;
  /**
   * Live workflow instances kept between activations, like a Worker's `maxCachedWorkflows` (default 1000);
   * the least recently used idle ones beyond it are dropped and replayed from their history when next
   * needed. 100,000 sleeping expiry timers would not fit in memory otherwise.
   */
  maxCachedWorkflows?: number;
  /** Workflow tasks (activations) run at once, like a Worker's maxConcurrentWorkflowTaskExecutions (40). */
  maxConcurrentWorkflowTasks?: number;
}

export interface RunSummary {
  runId: string;
  workflowType: string;
  status: 'running' | 'completed' | 'failed' | 'continued';
}

/**
 * Runs the workflow bundle inside the Temporal SDK's own workflow sandbox, with a clock it
 * controls, executing timers, activities (the real functions, retried per their policy),
 * updates, signals, queries, patches and continue-as-new itself, and recording each run as a
 * Temporal history. Not durable: state lives in this process.
 */
export class InProcessEngine implements CaseEngine {
  readonly kind = 'in-process';
  /** Counts of work done, for the benchmark. */
  readonly stats = { activations: 0, runs: 0, rebuilds: 0, workerLosses: 0, evictions: 0 };

  private readonly runsById = new Map<string, WorkflowRun[]>();
  private readonly work = new WorkTracker();
  private readonly stuckErrors: Error[] = [];
  private nextUpdateId = 1;
  private readonly host: RunHost;
  private readonly slots: Slots;
  /** Runs holding a live instance, least recently activated first. */
  private readonly cached = new Set<WorkflowRun>();

  private constructor(
    readonly clock: EngineClock,
    sandbox: Sandbox,
    private readonly options: InProcessEngineOptions,
  ) {
    this.slots = new Slots(options.maxConcurrentWorkflowTasks ?? 40);
    this.host = {
      clock,
      sandbox,
      activities: activityFunctions(options.activities),
      suggestContinueAsNew: {
        historyEvents: options.suggestContinueAsNew?.historyEvents ?? 4 * 1024,
        historySizeBytes: options.suggestContinueAsNew?.historySizeBytes ?? 4 * 1024 * 1024,
      },
      track: (work) => this.work.track(work),
      continueAsNew: (from, input, workflowType) => this.continueAsNew(from, input, workflowType),
      stuck: (run, error) => this.onStuck(run, error),
      sinkCalls: (calls) => this.onSinkCalls(calls),
      workflowTask: (task) => this.slots.run(task),
      activated: (run) => {
        this.stats.activations++;
        this.cache(run, options.maxCachedWorkflows ?? 1000);
      },
      rebuilt: () => this.stats.rebuilds++,
    };
  }

  static async create(options: InProcessEngineOptions): Promise<InProcessEngine> {
    const bundle = await loadWorkflowBundle({
      workflowsPath: options.workflowsPath,
      cacheDir: options.bundleCacheDir,
    });
    const sandbox = await Sandbox.create(
      bundle.code,
      Object.keys(activityFunctions(options.activities)),
      options.isolateExecutionTimeoutMs ?? 5_000,
    );
    return new InProcessEngine(options.clock ?? new VirtualClock(), sandbox, options);
  }

  now(): number {
    return this.clock.now();
  }

  async start<A extends unknown[]>(workflowType: string, workflowId: string, args: A): Promise<void> {
    if (this.runsById.has(workflowId)) throw new WorkflowIdConflictError(workflowId);
    const runId = crypto.randomUUID();
    const run = this.newRun(
      workflowId,
      workflowType,
      runId,
      runId,
      undefined,
      toPayloads(defaultPayloadConverter, ...args) ?? [],
    );
    // As on a server, the start is done once recorded: the first workflow task and the activities
    // it schedules run afterwards (`settled()` waits for them; a failure is reported there).
    run.start();
  }

  /** The server delivers the start and the update in one request; here the update follows the start. */
  async startWithUpdate<R, A extends unknown[]>(
    workflowType: string,
    workflowId: string,
    args: A,
    def: UpdateDefinition<R, []>,
  ): Promise<R> {
    await this.start(workflowType, workflowId, args);
    return this.update(workflowId, def);
  }

  async update<R, A extends unknown[]>(
    workflowId: string,
    def: UpdateDefinition<R, A>,
    ...args: A
  ): Promise<R> {
    const updateId = `update-${this.nextUpdateId++}`;
    return (await this.latestRun(workflowId).update(
      updateId,
      def.name,
      toPayloads(defaultPayloadConverter, ...args) ?? [],
    )) as R;
  }

  /** Resolves once the signal's activation and the work it caused have settled. */
  async signal<A extends unknown[]>(workflowId: string, def: SignalDefinition<A>, ...args: A): Promise<void> {
    const run = this.latestRun(workflowId);
    await run.signal(def.name, toPayloads(defaultPayloadConverter, ...args) ?? []);
    await this.settledFrom(run);
  }

  async query<R, A extends unknown[]>(
    workflowId: string,
    def: QueryDefinition<R, A>,
    ...args: A
  ): Promise<R> {
    return (await this.latestRun(workflowId).query(
      def.name,
      toPayloads(defaultPayloadConverter, ...args) ?? [],
    )) as R;
  }

  async describe(workflowId: string): Promise<WorkflowDescription> {
    const run = this.latestRun(workflowId);
    switch (run.status) {
      case 'completed':
        return { status: 'completed', result: run.result };
      case 'failed':
        return { status: 'failed', failure: run.failure };
      default:
        return run.stuckOn ? { status: 'running', failure: run.stuckOn.message } : { status: 'running' };
    }
  }

  async listRunning(workflowType?: string): Promise<string[]> {
    const ids: string[] = [];
    for (const [id, runs] of this.runsById) {
      const run = runs[runs.length - 1];
      if (run.status === 'running' && (!workflowType || run.identity.workflowType === workflowType))
        ids.push(id);
    }
    return ids;
  }

  /** The recorded history of a run (default: the latest run of the id). */
  history(workflowId: string, runId?: string): temporal.api.history.v1.History {
    const runs = this.runsById.get(workflowId) ?? [];
    const run = runId ? runs.find((r) => r.runId === runId) : runs[runs.length - 1];
    if (!run) throw new WorkflowNotFoundError(workflowId, runId ? `no run ${runId}` : 'not found');
    return run.history.toHistory();
  }

  /** Every run of an id, oldest first (more than one after continue-as-new). */
  runs(workflowId: string): RunSummary[] {
    return (this.runsById.get(workflowId) ?? []).map((r) => ({
      runId: r.runId,
      workflowType: r.identity.workflowType,
      status: r.status,
    }));
  }

  /**
   * Waits until no activation is queued and no activity is running, firing timers already due
   * on a virtual clock. Rejects if a workflow got stuck (workflow task failure) meanwhile.
   */
  async settled(): Promise<void> {
    await this.guarded(async () => {
      if (this.clock instanceof VirtualClock)
        await this.clock.advanceTo(this.clock.now(), () => this.work.idle());
      await this.work.idle();
    });
  }

  /** Virtual time only: moves to `instant`, firing each due timer and settling its work in turn. */
  async advanceTo(instant: Date | number | string): Promise<void> {
    const clock = this.virtualClock();
    await this.guarded(async () => {
      await this.work.idle();
      await clock.advanceTo(instant, () => this.work.idle());
    });
  }

  async advanceBy(ms: number): Promise<void> {
    await this.advanceTo(this.clock.now() + ms);
  }

  /**
   * Drops the workflow's cached instance, as a worker evicts a run from its sticky cache: its next
   * workflow task (timer, update, signal, query) replays the recorded history into a new instance first.
   */
  evict(workflowId: string): void {
    this.latestRun(workflowId).workerLost(false);
  }

  /**
   * The worker dies and another takes over the task queue: every running workflow is dropped from the
   * cache and resumed from its history on its next workflow task, and every activity attempt in flight
   * is lost, so it ends by its startToCloseTimeout and is retried per its policy (see
   * `WorkflowRun.workerLost`). Timers and retry backoffs are the server's: they stay.
   */
  loseWorker(): void {
    this.stats.workerLosses++;
    for (const runs of this.runsById.values()) for (const run of runs) run.workerLost(true);
  }

  async close(): Promise<void> {
    this.clock.close();
    for (const runs of this.runsById.values()) for (const run of runs) await run.dispose();
    await this.host.sandbox.destroy();
  }

  /** Marks `run` most recently used; drops the least recently used idle instances beyond `max`. */
  private cache(run: WorkflowRun, max: number): void {
    this.cached.delete(run);
    this.cached.add(run);
    if (this.cached.size <= max) return;
    for (const old of this.cached) {
      if (this.cached.size <= max || old === run) break;
      const evicted = old.evictIfIdle();
      if (evicted !== null) this.cached.delete(old);
      if (evicted) this.stats.evictions++;
    }
  }

  private virtualClock(): VirtualClock {
    if (!(this.clock instanceof VirtualClock)) throw new Error('advanceTo/advanceBy need a VirtualClock');
    return this.clock;
  }

  /** Runs `step`, then rethrows the first run that got stuck while it ran. */
  private async guarded(step: () => Promise<void>): Promise<void> {
    const before = this.stuckErrors.length;
    await step();
    const error = this.stuckErrors[before];
    if (error) throw error;
  }

  private newRun(
    workflowId: string,
    workflowType: string,
    runId: string,
    firstExecutionRunId: string,
    continuedFromExecutionRunId: string | undefined,
    input: Payload[],
  ): WorkflowRun {
    const now = this.clock.now();
    const run = new WorkflowRun(
      {
        workflowId,
        runId,
        workflowType,
        firstExecutionRunId,
        continuedFromExecutionRunId,
        taskQueue: this.options.taskQueue ?? 'credit-cases',
        namespace: this.options.namespace ?? 'default',
        startTime: now,
        runStartTime: now,
      },
      input,
      this.host,
    );
    const runs = this.runsById.get(workflowId) ?? [];
    runs.push(run);
    this.runsById.set(workflowId, runs);
    this.stats.runs++;
    return run;
  }

  private continueAsNew(from: WorkflowRun, input: Payload[], workflowType: string): WorkflowRun {
    const { workflowId, firstExecutionRunId } = from.identity;
    const next = this.newRun(
      workflowId,
      workflowType,
      crypto.randomUUID(),
      firstExecutionRunId,
      from.runId,
      input,
    );
    // The new run has its own activation queue, so it can start right away.
    next.start();
    return next;
  }

  /** Waits for `run` to settle, and for the runs it continued as, in turn. */
  private async settledFrom(run: WorkflowRun): Promise<void> {
    const runs = this.runsById.get(run.identity.workflowId) ?? [run];
    for (let i = runs.indexOf(run); i < runs.length; i++) await runs[i].settled();
  }

  private latestRun(workflowId: string): WorkflowRun {
    const runs = this.runsById.get(workflowId);
    if (!runs) throw new WorkflowNotFoundError(workflowId);
    return runs[runs.length - 1];
  }

  private onStuck(run: WorkflowRun, error: Error): void {
    this.stuckErrors.push(error);
    if (this.clock.kind === 'wall') {
      // Nobody may be waiting on this run: say it loudly.
      console.error(`in-process engine: workflow '${run.identity.workflowId}' is stuck:`, error);
    }
  }

  private onSinkCalls(calls: SinkCall[]): void {
    for (const call of calls) {
      if (call.ifaceName === '__temporal_logger') {
        const [message, attributes] = call.args as [string, unknown];
        if (this.options.workflowLog) this.options.workflowLog(call.fnName, message, attributes);
        else if (call.fnName === 'warn' || call.fnName === 'error')
          console.warn(`[workflow ${call.fnName}] ${message}`);
        continue;
      }
      const sink = this.options.sinks?.[call.ifaceName]?.[call.fnName];
      if (!sink) {
        console.warn(`in-process engine: workflow called unregistered sink ${call.ifaceName}.${call.fnName}`);
        continue;
      }
      try {
        void Promise.resolve(sink.fn(call.workflowInfo, ...call.args)).catch((err) =>
          console.error('in-process engine: sink failed', err),
        );
      } catch (err) {
        console.error('in-process engine: sink failed', err);
      }
    }
  }
}

/** At most `size` tasks at once; the others wait their turn in order. */
class Slots {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.size) await new Promise<void>((turn) => this.waiting.push(turn));
    else this.running++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

/** The function-valued properties of an activities object, by activity type. */
function activityFunctions(activities: object): Record<string, ActivityFunction> {
  return Object.fromEntries(
    Object.entries(activities).filter(
      (entry): entry is [string, ActivityFunction] => typeof entry[1] === 'function',
    ),
  );
}
