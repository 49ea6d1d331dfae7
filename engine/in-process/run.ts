import {
  ApplicationFailure,
  arrayFromPayloads,
  defaultFailureConverter,
  defaultPayloadConverter,
  type Payload,
} from '@temporalio/common';
import { msToTs, optionalTsToMs, tsToMs } from '@temporalio/common/lib/time';
import { coresdk, temporal } from '@temporalio/proto';
import type { Workflow } from '@temporalio/worker/lib/workflow/interface';
import type { SinkCall } from '@temporalio/workflow';
import { idempotencyKeyOf } from '../activity-info';
import {
  QueryFailedError,
  UpdateRejectedError,
  WorkflowNotFoundError,
  WorkflowTaskFailedError,
} from '../errors';
import {
  runAttempt,
  type ActivityCall,
  type ActivityFunction,
  type AttemptHost,
  type AttemptOutcome,
  type RunningAttempt,
} from './activity-runner';
import type { EngineClock } from './clock';
import { HistoryRecorder, type LocalActivityMarker } from './history';
import { inCoreOrder, takeActivationJobs, type JobKind, type QueuedJob } from './jobs';
import { WORKFLOW_TASK_TIMEOUT_MS, type RunIdentity, type Sandbox } from './sandbox';
import { randomnessSeedOf } from './seed';
import { WorkTracker } from '../work-tracker';

type Job = coresdk.workflow_activation.IWorkflowActivationJob;
type Activation = coresdk.workflow_activation.WorkflowActivation;
type Command = coresdk.workflow_commands.IWorkflowCommand;
type Failure = temporal.api.failure.v1.IFailure;
type Resolution = coresdk.activity_result.IActivityResolution;
const WorkflowActivation = coresdk.workflow_activation.WorkflowActivation;

/** What a run needs from the engine that owns it. */
export interface RunHost {
  readonly clock: EngineClock;
  readonly sandbox: Sandbox;
  readonly activities: Readonly<Record<string, ActivityFunction>>;
  /** History event count and size from which workflows are told to continue as new. */
  readonly suggestContinueAsNew: { historyEvents: number; historySizeBytes: number };
  /** Registers work with the engine, so `settled()` waits for it too. */
  track<T>(work: Promise<T>): Promise<T>;
  /** Creates and starts the next run of the same workflow id. */
  continueAsNew(from: WorkflowRun, input: Payload[], workflowType: string): WorkflowRun;
  /** A run stopped making progress: workflow task failure or engine limitation. */
  stuck(run: WorkflowRun, error: Error): void;
  sinkCalls(calls: SinkCall[]): void;
  /**
   * Runs one workflow task when a slot is free, as a Worker bounds its concurrent workflow tasks: a burst
   * of starts then never holds thousands of fresh instances at once.
   */
  workflowTask<T>(task: () => Promise<T>): Promise<T>;
  /** An activation of `run` was done: its instance is the most recently used of the cache. */
  activated(run: WorkflowRun): void;
  /** A workflow instance was rebuilt from the run's history after its worker lost it. */
  rebuilt(): void;
}

export type RunStatus = 'running' | 'completed' | 'failed' | 'continued';

interface Deferred<T> {
  resolve(value: T): void;
  reject(error: Error): void;
}

interface Queued extends QueuedJob {
  /** Settled once the job's activation is done; a query's with its answer. */
  done: Deferred<unknown>;
  settled: Promise<unknown>;
  /** Counted as work (see `WorkflowRun.hold`). */
  tracked: boolean;
}

interface PendingUpdate extends Deferred<unknown> {
  job: coresdk.workflow_activation.IDoUpdate;
  acceptedEventId?: number;
}

/**
 * A workflow task that has scheduled local activities: Core completes it only once they are resolved, with
 * its commands and their markers, so the history gets nothing of it until then.
 */
interface OpenTask {
  /** Its first activation's time: the WorkflowTaskStarted event's, the workflow's `Date.now()` on replay. */
  startedAt: number;
  /** Its last activation's time (a resolved local activity moves the workflow's time to its end). */
  at: number;
  sizeInfo: { historySizeBytes: number; suggestContinueAsNew: boolean };
  flags: Set<number>;
  /** Its commands in order; each local activity's marker after the commands issued before it resolved. */
  writes: ({ command: Command } | { marker: LocalActivityMarker })[];
  /** Its local activities not yet resolved, by seq, each with what cancels it. */
  locals: Map<number, () => void>;
}

/** Core's default `localRetryThreshold`: longer backoffs are timers the workflow schedules. */
const LOCAL_RETRY_THRESHOLD_MS = 60_000;

/** Event ids a command's history event refers to: the workflow task that issued it. */
interface TaskEvents {
  at: number;
  scheduledEventId: number;
  completedEventId: number;
}

const IDENTITY = 'in-process-engine';

/**
 * One workflow run: its sandboxed workflow instance, its history, and the effects of its
 * commands. Whatever needs the workflow (start, signal, update, timer, activity result, query)
 * queues a job; activations are processed one at a time, each taking every job that is ready
 * (see `takeActivationJobs`), as a server batches the events that arrived during a workflow task.
 */
export class WorkflowRun {
  status: RunStatus = 'running';
  result?: unknown;
  failure?: string;
  /** Set when the run can make no more progress; every later call on the run rejects with it. */
  stuckOn?: Error;
  readonly history = new HistoryRecorder();

  private workflow?: Workflow;
  private readonly queue: Queued[] = [];
  private pumpScheduled = false;
  private activating = false;
  private readonly work = new WorkTracker();
  private readonly timers = new Map<number, { cancel: () => void; startedEventId: number }>();
  /** Cancels the clock entries of activity attempts waiting out their retry backoff. */
  private readonly retries = new Set<() => void>();
  /** Activity attempts whose function is running (or sleeping on the clock). */
  private readonly attempts = new Set<RunningAttempt>();
  /** The worker lost its cached instance: the next activation rebuilds it from the history first. */
  private evicted = false;
  private readonly updates = new Map<string, PendingUpdate>();
  /** The workflow task waiting on its local activities; other jobs wait for it to complete. */
  private task?: OpenTask;
  /** Non-query activations in order, to rebuild the state for queries after the run closed. */
  private readonly activations: Activation[] = [];
  private nextQueryId = 1;

  constructor(
    readonly identity: RunIdentity,
    private readonly input: Payload[],
    private readonly host: RunHost,
  ) {}

  get runId(): string {
    return this.identity.runId;
  }

  /**
   * Records the start and queues the run's first activation. A failure of that activation makes
   * the run stuck, which the engine reports to whoever waits (`settled`, `advanceTo`, ...).
   */
  start(): void {
    const { identity } = this;
    this.history.started(
      {
        workflowId: identity.workflowId,
        workflowType: identity.workflowType,
        taskQueue: identity.taskQueue,
        input: this.input,
        runId: identity.runId,
        firstExecutionRunId: identity.firstExecutionRunId,
        continuedExecutionRunId: identity.continuedFromExecutionRunId,
      },
      identity.startTime,
    );
    const seed = randomnessSeedOf(identity.runId);
    const init = coresdk.workflow_activation.WorkflowActivationJob.fromObject({
      initializeWorkflow: {
        workflowId: identity.workflowId,
        workflowType: identity.workflowType,
        arguments: this.input,
        randomnessSeed: {
          low: Number(seed & 0xffffffffn) | 0,
          high: Number(seed >> 32n) | 0,
          unsigned: true,
        },
        firstExecutionRunId: identity.firstExecutionRunId,
        continuedFromExecutionRunId: identity.continuedFromExecutionRunId,
        attempt: 1,
        startTime: msToTs(identity.startTime),
        workflowTaskTimeout: msToTs(WORKFLOW_TASK_TIMEOUT_MS),
        identity: IDENTITY,
        headers: {},
      },
    });
    this.enqueue('initialize', () => init).catch(() => undefined);
  }

  /** Waits until the run has no queued activation and no running activity. */
  async settled(): Promise<void> {
    await this.work.idle();
    if (this.stuckOn) throw this.stuckOn;
  }

  signal(signalName: string, input: Payload[]): Promise<void> {
    this.ensureRunning();
    return this.enqueue('message', () => {
      this.history.signaled(this.host.clock.now(), signalName, input);
      return { signalWorkflow: { signalName, input, identity: IDENTITY, headers: {} } };
    }).then(() => undefined);
  }

  update(updateId: string, name: string, input: Payload[]): Promise<unknown> {
    this.ensureRunning();
    const job = {
      id: updateId,
      protocolInstanceId: updateId,
      name,
      input,
      meta: { updateId, identity: IDENTITY },
      runValidator: true,
    };
    const result = new Promise<unknown>((resolve, reject) =>
      this.updates.set(updateId, { job, resolve, reject }),
    );
    this.enqueue('message', () => ({ doUpdate: job })).catch(() => {
      // The failure reaches the caller through the pending update, rejected by becomeStuck.
    });
    return result;
  }

  /**
   * Runs a query in the live workflow, or, once the run is closed (its sandbox disposed), in a
   * fresh instance brought to the same state by replaying the run's recorded activations.
   */
  query(queryType: string, args: Payload[]): Promise<unknown> {
    const job: Job = { queryWorkflow: { queryId: `q${this.nextQueryId++}`, queryType, arguments: args } };
    return this.enqueue('query', () => job);
  }

  /**
   * The worker that held this run is gone. Without `abandonActivities` it only dropped the run from its
   * cache (a sticky-cache eviction); with it, the worker died: the activity attempts it was running are
   * never reported (their functions may still finish here, as a dying process may have committed its
   * writes, but their results are dropped), so each ends by its startToCloseTimeout and is retried per
   * its policy, as on a server. Timers, retry backoffs and queued jobs are the server's and stay. The
   * next activation (or query) first rebuilds the workflow instance by replaying the run's recorded
   * workflow tasks, as a new worker replays the history; a replay that fails makes the run stuck.
   */
  workerLost(abandonActivities: boolean): void {
    if (this.status !== 'running') return;
    if (abandonActivities) for (const attempt of this.attempts) attempt.abandon();
    if (this.workflow) this.evicted = true;
  }

  /**
   * Drops the instance from memory when nothing is running in it — a worker's cache eviction (its
   * `maxCachedWorkflows`) — so that thousands of sleeping runs (records' expiry timers) do not each hold
   * a sandboxed instance. The next activation replays it. False: it holds no instance any more (closed, or
   * evicted already); null: busy, kept.
   */
  evictIfIdle(): boolean | null {
    if (!this.workflow || this.status !== 'running') return false;
    if (this.activating || this.pumpScheduled || this.queue.length > 0 || this.task) return null;
    this.evicted = true;
    void this.disposeWorkflow();
    return true;
  }

  /** Disposes the sandboxed instance and forgets timers; the engine is shutting down. */
  async dispose(): Promise<void> {
    this.queue.splice(0).forEach((item) => item.done.reject(new Error('in-process engine closed')));
    this.task = undefined;
    this.stopTimers();
    for (const pending of this.updates.values()) pending.reject(new Error('in-process engine closed'));
    this.updates.clear();
    await this.disposeWorkflow();
  }

  private ensureRunning(): void {
    if (this.stuckOn) throw this.stuckOn;
    if (this.status !== 'running') {
      throw new WorkflowNotFoundError(this.identity.workflowId, 'workflow execution already completed');
    }
  }

  /**
   * Queues a job for the next activation and registers it as work until that activation is done; a local
   * activity's resolution goes first. A job that arrives while a workflow task waits on its local
   * activities is held, as a server buffers events until the task completes, and counts as work only once
   * the task is complete: a local activity may be waiting on the clock (a retry's backoff), and `advanceTo`
   * moves the clock only when no work is left.
   */
  private enqueue(kind: JobKind, make: () => Job): Promise<unknown> {
    let done!: Deferred<unknown>;
    const settled = new Promise<unknown>((resolve, reject) => (done = { resolve, reject }));
    const item: Queued = { kind, make, done, settled, tracked: false };
    if (kind === 'local') this.queue.unshift(item);
    else this.queue.push(item);
    if (!this.task || kind === 'local') this.track(item);
    this.schedulePump();
    return settled;
  }

  private track(item: Queued): void {
    if (item.tracked) return;
    item.tracked = true;
    this.work.track(item.settled).catch(() => undefined);
    this.host.track(item.settled).catch(() => undefined);
  }

  /**
   * Starts the next activation on the next turn of the event loop, so that everything which
   * becomes ready together (timers due at one instant, activities finishing at the same time, a
   * signal sent right after the start) goes into one activation.
   */
  private schedulePump(): void {
    if (this.pumpScheduled || this.activating) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      void this.pump();
    });
  }

  private async pump(): Promise<void> {
    // Held until the task waiting on its local activities completes.
    if (this.task && !this.stuckOn && this.queue[0]?.kind !== 'local') return;
    const batch = takeActivationJobs(this.queue);
    if (batch.length === 0) return;
    this.activating = true;
    try {
      const answer = await this.host.workflowTask(() => this.process(batch));
      batch.forEach((item) => item.done.resolve(answer));
    } catch (err) {
      batch.forEach((item) => item.done.reject(err as Error));
    } finally {
      this.activating = false;
      if (this.queue.length > 0) this.schedulePump();
    }
  }

  /** One activation (or one query) for `batch`; returns a query's answer. */
  private async process(batch: Queued[]): Promise<unknown> {
    if (this.stuckOn) throw this.stuckOn;
    if (this.evicted) await this.rebuild();
    const [head] = batch;
    if (head.kind === 'query') return this.answerQuery(head.make());
    if (this.status !== 'running') return undefined; // e.g. a signal that arrived as the run closed
    const activation = this.activationOf(inCoreOrder(batch.map((item) => item.make())));
    if (head.kind === 'initialize') await this.createInstance(activation.jobs[0]);
    await this.activate(activation);
    return undefined;
  }

  private async createInstance(init: Job): Promise<void> {
    try {
      const seed = init.initializeWorkflow?.randomnessSeed;
      this.workflow = await this.host.sandbox.createWorkflow(this.identity, toBytes(seed));
    } catch (err) {
      // e.g. no such workflow function exported: a server would keep retrying this task.
      throw this.becomeStuck(
        taskFailure(
          this.identity.workflowId,
          defaultFailureConverter.errorToFailure(err, defaultPayloadConverter),
        ),
      );
    }
  }

  /**
   * Runs a query in the live workflow, or, once the run is closed (its sandbox disposed), in a
   * fresh instance brought to the same state by replaying the run's recorded activations.
   */
  private async answerQuery(job: Job): Promise<unknown> {
    if (this.workflow) return this.runQuery(this.workflow, job);
    const replica = await this.replica();
    try {
      return await this.runQuery(replica, job);
    } finally {
      await replica.dispose();
    }
  }

  /** Registers background work (a running activity) without blocking the activation queue. */
  private background(work: Promise<unknown>): void {
    this.work.track(work);
    this.host.track(work);
  }

  /**
   * An activation as Core builds it from the workflow task the server would start now:
   * historyLength is the WorkflowTaskStarted event's id (the triggering events are written; the
   * task's Scheduled and Started events come next); size and suggestion are what the server puts
   * on that event (it counts the events before it and the size of those written).
   */
  private activationOf(jobs: Job[]): Activation {
    const historySizeBytes = this.history.sizeBytes;
    const limits = this.host.suggestContinueAsNew;
    return WorkflowActivation.fromObject({
      runId: this.identity.runId,
      timestamp: msToTs(this.host.clock.now()),
      isReplaying: false,
      historyLength: this.history.length + 2,
      historySizeBytes,
      continueAsNewSuggested:
        this.history.length + 1 >= limits.historyEvents || historySizeBytes >= limits.historySizeBytes,
      jobs,
    });
  }

  private async activate(activation: Activation): Promise<void> {
    const workflow = this.workflow;
    if (!workflow || this.status !== 'running') return;
    const at = tsToMs(activation.timestamp);
    this.activations.push(activation);
    const completion = await workflow.activate(activation);
    this.host.activated(this);
    this.host.sinkCalls(await workflow.getAndResetSinkCalls());
    if (completion.failed) {
      throw this.becomeStuck(taskFailure(this.identity.workflowId, completion.failed.failure ?? {}));
    }
    const commands = withoutVoidTimers(completion.successful?.commands ?? []);
    // Replaying this task, Core tells the workflow first which patches it recorded (notifyHasPatch), so
    // that patched() answers as it did; the rebuild replays the recorded activation, so it carries them.
    const patches = commands.flatMap(({ setPatchMarker }) =>
      setPatchMarker ? [{ notifyHasPatch: { patchId: setPatchMarker.patchId } }] : [],
    );
    if (patches.length) {
      const jobs = inCoreOrder([...activation.jobs, ...patches]);
      activation.jobs = jobs.map((j) => coresdk.workflow_activation.WorkflowActivationJob.fromObject(j));
    }
    if (!this.task) {
      const onlyRefusals =
        activation.jobs.every((j) => j.doUpdate) && commands.every((c) => c.updateResponse?.rejected);
      if (onlyRefusals) {
        // The server drops a workflow task whose updates were all refused: it leaves no events.
        commands.forEach((c) => this.onUpdateResponse(c.updateResponse ?? {}, undefined));
        return;
      }
      this.task = {
        startedAt: at,
        at,
        sizeInfo: {
          historySizeBytes: Number(activation.historySizeBytes),
          suggestContinueAsNew: activation.continueAsNewSuggested,
        },
        flags: new Set(),
        writes: [],
        locals: new Map(),
      };
    }
    const task = this.task;
    task.at = at;
    (completion.successful?.usedInternalFlags ?? []).forEach((f) => task.flags.add(f));
    for (const command of commands) {
      if (command.scheduleLocalActivity) this.startLocalActivity(command.scheduleLocalActivity, task);
      else if (command.requestCancelLocalActivity)
        this.cancelLocalActivity(command.requestCancelLocalActivity);
      else task.writes.push({ command });
    }
    if (task.locals.size > 0 || this.stuckOn) return;
    this.completeTask(task);
    if (this.status !== 'running') await this.disposeWorkflow();
  }

  /** Writes the workflow task and its commands, which now take effect; the jobs it held are work again. */
  private completeTask(task: OpenTask): void {
    this.task = undefined;
    const events = {
      at: task.at,
      ...this.history.workflowTask(task.startedAt, [...task.flags], task.sizeInfo),
    };
    for (const write of task.writes) {
      if (this.stuckOn) break;
      if ('marker' in write) this.history.localActivityMarker(task.at, write.marker, events.completedEventId);
      else this.execute(write.command, events);
    }
    this.queue.forEach((item) => this.track(item));
    if (this.queue.length > 0) this.schedulePump();
  }

  private execute(command: Command, task: TaskEvents): void {
    const { at, completedEventId } = task;
    if (command.startTimer) {
      const { seq, startToFireTimeout } = command.startTimer;
      const ms = tsToMs(startToFireTimeout);
      const startedEventId = this.history.timerStarted(at, seq ?? 0, ms, completedEventId);
      const cancel = this.host.clock.schedule(at + ms, () => this.fireTimer(seq ?? 0));
      this.timers.set(seq ?? 0, { cancel, startedEventId });
    } else if (command.cancelTimer) {
      const seq = command.cancelTimer.seq ?? 0;
      const timer = this.timers.get(seq);
      if (!timer) return;
      timer.cancel();
      this.timers.delete(seq);
      this.history.timerCanceled(at, seq, timer.startedEventId, completedEventId);
    } else if (command.scheduleActivity) {
      const scheduledEventId = this.history.activityScheduled(at, command.scheduleActivity, completedEventId);
      this.startActivity(command.scheduleActivity, scheduledEventId);
    } else if (command.updateResponse) {
      this.onUpdateResponse(command.updateResponse, task);
    } else if (command.setPatchMarker) {
      const { patchId, deprecated } = command.setPatchMarker;
      this.history.patchMarker(at, patchId ?? '', !!deprecated, completedEventId);
    } else if (command.completeWorkflowExecution) {
      const result = command.completeWorkflowExecution.result;
      this.history.completed(at, result, completedEventId);
      this.close('completed');
      this.result = result ? defaultPayloadConverter.fromPayload(result) : undefined;
    } else if (command.failWorkflowExecution) {
      const failure = command.failWorkflowExecution.failure ?? {};
      this.history.failed(at, failure, completedEventId);
      this.close('failed');
      this.failure = describeFailure(failure);
    } else if (command.continueAsNewWorkflowExecution) {
      const cmd = command.continueAsNewWorkflowExecution;
      const workflowType = cmd.workflowType || this.identity.workflowType;
      this.close('continued');
      const next = this.host.continueAsNew(this, cmd.arguments ?? [], workflowType);
      this.history.continuedAsNew(
        at,
        cmd,
        next.runId,
        workflowType,
        this.identity.taskQueue,
        completedEventId,
      );
    } else if (!command.respondToQuery) {
      this.becomeStuck(
        new Error(`in-process engine does not support the workflow command '${commandName(command)}'`),
      );
    }
  }

  private fireTimer(seq: number): void {
    const timer = this.timers.get(seq);
    if (!timer) return;
    this.timers.delete(seq);
    this.enqueue('resolution', () => {
      this.history.timerFired(this.host.clock.now(), seq, timer.startedEventId);
      return { fireTimer: { seq } };
    }).catch(() => undefined);
  }

  /** The call an activity command asks for; undefined (and the run stuck) if its type is unknown. */
  private activityCall(
    cmd: coresdk.workflow_commands.IScheduleActivity | coresdk.workflow_commands.IScheduleLocalActivity,
  ): ActivityCall | undefined {
    const activityType = cmd.activityType ?? '';
    const activityId = cmd.activityId || String(cmd.seq ?? 0);
    const fn = this.host.activities[activityType];
    if (!fn) {
      // The sandbox refuses unknown activity types, so this is an engine bug.
      this.becomeStuck(new Error(`activity '${activityType}' is not registered with the in-process engine`));
      return undefined;
    }
    const { workflowId, runId, workflowType } = this.identity;
    return {
      fn,
      args: arrayFromPayloads(defaultPayloadConverter, cmd.arguments),
      retryPolicy: cmd.retryPolicy,
      startToCloseTimeout: cmd.startToCloseTimeout,
      info: {
        workflowId,
        runId,
        workflowType,
        activityId,
        activityType,
        idempotencyKey: idempotencyKeyOf(workflowId, runId, activityId),
      },
    };
  }

  /** An attempt is work while its function runs, not while it waits on the clock. */
  private attemptHost(): AttemptHost {
    return {
      clock: this.host.clock,
      busy: () => {
        let done!: () => void;
        this.background(new Promise<void>((resolve) => (done = resolve)));
        return () => done();
      },
    };
  }

  private startActivity(cmd: coresdk.workflow_commands.IScheduleActivity, scheduledEventId: number): void {
    const seq = cmd.seq ?? 0;
    const call = this.activityCall(cmd);
    if (!call) return;
    const { activityId, activityType } = call.info;
    const attempt = (n: number, lastFailure?: Failure) => {
      const running = runAttempt(call, n, this.attemptHost());
      this.attempts.add(running);
      void running.outcome.then(
        (outcome) => {
          this.attempts.delete(running);
          if (this.status !== 'running' || this.stuckOn) return; // outcome of an abandoned activity
          if (outcome.kind === 'retry') {
            // The backoff is a wait on the clock, like a timer: in virtual time the next attempt
            // runs only once the clock is advanced past it; it is not work `settled()` waits for.
            const cancel = this.host.clock.schedule(this.host.clock.now() + outcome.delayMs, () => {
              this.retries.delete(cancel);
              attempt(n + 1, outcome.failure);
            });
            this.retries.add(cancel);
            return;
          }
          this.enqueue('resolution', () =>
            this.resolveActivity(seq, activityId, activityType, scheduledEventId, outcome, lastFailure),
          ).catch(() => undefined);
        },
        (err: Error) => this.becomeStuck(err),
      );
    };
    attempt(1);
  }

  /**
   * Runs a local activity as Core does, inside the workflow task that scheduled it: attempts retried after
   * a backoff up to its `localRetryThreshold` (waited for on the clock, the task still open); a longer
   * backoff ends it with a DoBackoff resolution, on which the workflow sleeps on a timer and schedules it
   * again (next attempt number, same original schedule time). Its outcome is recorded as Core's marker and
   * given to the workflow in the next activation of the same task. A failure reaches the workflow as the
   * activity's own error, not wrapped in an ActivityFailure (Core wraps only timeouts and cancellations).
   */
  private startLocalActivity(cmd: coresdk.workflow_commands.IScheduleLocalActivity, task: OpenTask): void {
    const seq = cmd.seq ?? 0;
    const call = this.activityCall(cmd);
    if (!call) return;
    const { activityId, activityType } = call.info;
    const threshold = optionalTsToMs(cmd.localRetryThreshold) ?? LOCAL_RETRY_THRESHOLD_MS;
    const originalScheduleTime = cmd.originalScheduleTime
      ? tsToMs(cmd.originalScheduleTime)
      : this.host.clock.now();
    let stop = () => {};
    let current = cmd.attempt || 1;
    const resolve = (
      marker: Omit<LocalActivityMarker, 'seq' | 'activityId' | 'activityType'>,
      result: Resolution,
    ) => {
      task.locals.delete(seq);
      task.writes.push({ marker: { seq, activityId, activityType, ...marker } });
      this.enqueue('local', () => ({ resolveActivity: { seq, result, isLocal: true } })).catch(
        () => undefined,
      );
    };
    task.locals.set(seq, () => {
      // A cancelled attempt is not waited for (what it does later is dropped).
      stop();
      const failure: Failure = { message: 'Activity cancelled', canceledFailureInfo: {} };
      const completeTime = this.host.clock.now();
      resolve(
        { attempt: current, completeTime, originalScheduleTime, failure },
        { cancelled: { failure: localActivityFailure('Local Activity cancelled', failure, call) } },
      );
    });
    const attempt = (n: number) => {
      current = n;
      const running = runAttempt(call, n, this.attemptHost());
      this.attempts.add(running);
      stop = () => running.abandon();
      void running.outcome.then(
        (outcome) => {
          this.attempts.delete(running);
          if (this.task !== task || !task.locals.has(seq)) return; // cancelled, or the engine closed
          if (outcome.kind === 'retry' && outcome.delayMs <= threshold) {
            const cancel = this.host.clock.schedule(this.host.clock.now() + outcome.delayMs, () => {
              this.retries.delete(cancel);
              attempt(n + 1);
            });
            this.retries.add(cancel);
            stop = cancel;
            return;
          }
          const marker: Parameters<typeof resolve>[0] = {
            attempt: outcome.attempt,
            completeTime: this.host.clock.now(),
            originalScheduleTime,
          };
          let result: Resolution;
          if (outcome.kind === 'completed') {
            marker.result = outcome.result;
            result = { completed: { result: outcome.result } };
          } else if (outcome.kind === 'retry') {
            marker.failure = outcome.failure;
            marker.backoffMs = outcome.delayMs;
            result = {
              backoff: {
                attempt: outcome.attempt + 1,
                backoffDuration: msToTs(outcome.delayMs),
                originalScheduleTime: msToTs(originalScheduleTime),
              },
            };
          } else {
            marker.failure = outcome.failure;
            const failure = outcome.timedOut
              ? localActivityFailure('Local Activity timed out', outcome.failure, call)
              : outcome.failure;
            result = { failed: { failure } };
          }
          resolve(marker, result);
        },
        (err: Error) => this.becomeStuck(err),
      );
    };
    attempt(cmd.attempt || 1);
  }

  /** The workflow cancels a local activity it waits for: Core resolves it as cancelled at once. */
  private cancelLocalActivity(cmd: coresdk.workflow_commands.IRequestCancelLocalActivity): void {
    this.task?.locals.get(cmd.seq ?? 0)?.();
  }

  /** Writes the activity's Started and Completed/Failed events and builds the resolution job. */
  private resolveActivity(
    seq: number,
    activityId: string,
    activityType: string,
    scheduledEventId: number,
    outcome: Exclude<AttemptOutcome, { kind: 'retry' }>,
    lastFailure: Failure | undefined,
  ): Job {
    const at = this.host.clock.now();
    const startedEventId = this.history.activityStarted(at, scheduledEventId, outcome.attempt, lastFailure);
    if (outcome.kind === 'completed') {
      this.history.activityCompleted(at, scheduledEventId, startedEventId, outcome.result);
      return { resolveActivity: { seq, result: { completed: { result: outcome.result } } } };
    }
    if (outcome.timedOut)
      this.history.activityTimedOut(
        at,
        scheduledEventId,
        startedEventId,
        outcome.failure,
        outcome.retryState,
      );
    else
      this.history.activityFailed(at, scheduledEventId, startedEventId, outcome.failure, outcome.retryState);
    // What Core hands the workflow: an ActivityFailure whose cause is the activity's error.
    const failure = temporal.api.failure.v1.Failure.fromObject({
      message: 'Activity task failed',
      cause: outcome.failure,
      activityFailureInfo: {
        scheduledEventId,
        startedEventId,
        identity: IDENTITY,
        activityType: { name: activityType },
        activityId,
        retryState: outcome.retryState,
      },
    });
    return { resolveActivity: { seq, result: { failed: { failure } } } };
  }

  private onUpdateResponse(
    response: coresdk.workflow_commands.IUpdateResponse,
    task: TaskEvents | undefined,
  ): void {
    const id = response.protocolInstanceId ?? '';
    const pending = this.updates.get(id);
    if (!pending) return;
    if (response.accepted) {
      if (task)
        pending.acceptedEventId = this.history.updateAccepted(task.at, pending.job, task.scheduledEventId);
      return;
    }
    this.updates.delete(id);
    if (response.completed) {
      if (task && pending.acceptedEventId) {
        this.history.updateCompleted(task.at, id, pending.acceptedEventId, response.completed);
      }
      pending.resolve(defaultPayloadConverter.fromPayload(response.completed));
    } else if (response.rejected) {
      if (task && pending.acceptedEventId) {
        this.history.updateCompleted(task.at, id, pending.acceptedEventId, response.rejected);
      }
      pending.reject(updateRejection(response.rejected));
    }
  }

  private async runQuery(workflow: Workflow, job: Job): Promise<unknown> {
    const completion = await workflow.activate(
      WorkflowActivation.fromObject({ runId: this.identity.runId, jobs: [job] }),
    );
    await workflow.getAndResetSinkCalls();
    const answer = completion.successful?.commands?.find((c) => c.respondToQuery)?.respondToQuery;
    if (answer?.succeeded) {
      const response = answer.succeeded.response;
      return response ? defaultPayloadConverter.fromPayload(response) : undefined;
    }
    const failure = answer?.failed ?? completion.failed?.failure ?? { message: 'query produced no answer' };
    // As a server passes it on: the workflow's message, e.g. "Workflow did not register a handler for X".
    throw new QueryFailedError(
      this.identity.workflowId,
      job.queryWorkflow?.queryType ?? '',
      failure.message ?? 'query failed',
    );
  }

  /** Replaces the evicted instance with one replayed from the run's recorded workflow tasks. */
  private async rebuild(): Promise<void> {
    this.evicted = false;
    await this.disposeWorkflow();
    if (this.status !== 'running') return;
    try {
      this.workflow = await this.replica(true);
    } catch (err) {
      throw this.becomeStuck(
        taskFailure(
          this.identity.workflowId,
          defaultFailureConverter.errorToFailure(err, defaultPayloadConverter),
        ),
      );
    }
    this.host.rebuilt();
  }

  /**
   * A fresh instance of this run, fed the run's activations again as a replay. With `strict`, an
   * activation the replay fails (nondeterminism, a bug) throws, as a replaying worker fails its task.
   */
  private async replica(strict = false): Promise<Workflow> {
    const [first] = this.activations;
    const seed = first?.jobs[0]?.initializeWorkflow?.randomnessSeed;
    const replica = await this.host.sandbox.createWorkflow(this.identity, toBytes(seed));
    for (const recorded of this.activations) {
      const { runId, timestamp, historyLength, historySizeBytes, continueAsNewSuggested, jobs } = recorded;
      const completion = await replica.activate(
        WorkflowActivation.fromObject({
          runId,
          timestamp,
          historyLength,
          historySizeBytes,
          continueAsNewSuggested,
          jobs,
          isReplaying: true,
        }),
      );
      await replica.getAndResetSinkCalls();
      if (strict && completion.failed) {
        await replica.dispose();
        throw defaultFailureConverter.failureToError(
          completion.failed.failure ?? {},
          defaultPayloadConverter,
        );
      }
    }
    return replica;
  }

  private close(status: RunStatus): void {
    this.status = status;
    this.stopTimers();
    for (const pending of this.updates.values()) {
      pending.reject(
        new WorkflowNotFoundError(this.identity.workflowId, 'workflow closed before the update finished'),
      );
    }
    this.updates.clear();
  }

  private becomeStuck(error: Error): Error {
    if (this.stuckOn) return this.stuckOn;
    this.stuckOn = error;
    this.stopTimers();
    for (const pending of this.updates.values()) pending.reject(error);
    this.updates.clear();
    this.host.stuck(this, error);
    return error;
  }

  private stopTimers(): void {
    for (const timer of this.timers.values()) timer.cancel();
    this.timers.clear();
    for (const cancel of this.retries) cancel();
    this.retries.clear();
  }

  private async disposeWorkflow(): Promise<void> {
    const workflow = this.workflow;
    this.workflow = undefined;
    await workflow?.dispose();
  }
}

/**
 * Drops timers started and cancelled in the same completion (e.g. `condition(fn, timeout)` whose
 * `fn` is already true): Core never sends them, so the server's history has neither event.
 */
function withoutVoidTimers(commands: Command[]): Command[] {
  const started = new Set(commands.map((c) => c.startTimer?.seq).filter((seq) => seq != null));
  const voided = new Set(
    commands.map((c) => c.cancelTimer?.seq).filter((seq) => seq != null && started.has(seq)),
  );
  if (voided.size === 0) return commands;
  return commands.filter((c) => !voided.has(c.startTimer?.seq) && !voided.has(c.cancelTimer?.seq));
}

function toBytes(seed: { toBytes(): number[] } | null | undefined): number[] {
  if (!seed) throw new Error('initializeWorkflow job without a randomness seed');
  return seed.toBytes();
}

function taskFailure(workflowId: string, failure: Failure): WorkflowTaskFailedError {
  // A plain error's failure carries no type; its stack trace has a line "<ErrorClass>: message".
  const type =
    failure.applicationFailureInfo?.type ||
    /^([A-Za-z_$][\w$]*): /m.exec(failure.stackTrace ?? '')?.[1] ||
    'Error';
  return new WorkflowTaskFailedError(
    workflowId,
    type,
    failure.message ?? '',
    failure.stackTrace ?? undefined,
  );
}

function updateRejection(failure: Failure): UpdateRejectedError {
  const error = defaultFailureConverter.failureToError(failure, defaultPayloadConverter);
  if (error instanceof ApplicationFailure) {
    return new UpdateRejectedError(
      error.type ?? 'Error',
      error.message,
      error.details ? [...error.details] : [],
    );
  }
  return new UpdateRejectedError(error.name, error.message, []);
}

function describeFailure(failure: Failure): string {
  const type = failure.applicationFailureInfo?.type;
  const cause = failure.cause ? ` (cause: ${describeFailure(failure.cause)})` : '';
  return `${type ? `${type}: ` : ''}${failure.message ?? ''}${cause}`;
}

function commandName(command: Command): string {
  return Object.keys(command).find((k) => k !== 'userMetadata' && command[k as keyof Command] != null) ?? '?';
}

/** How Core hands a local activity's timeout or cancellation to the workflow: as an ActivityFailure. */
function localActivityFailure(message: string, cause: Failure, call: ActivityCall): Failure {
  return {
    message,
    cause,
    activityFailureInfo: {
      activityType: { name: call.info.activityType },
      activityId: call.info.activityId,
      retryState: temporal.api.enums.v1.RetryState.RETRY_STATE_CANCEL_REQUESTED,
    },
  };
}
