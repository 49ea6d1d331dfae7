import { TypedSearchAttributes } from '@temporalio/common';
import { parseWorkflowCode } from '@temporalio/worker/lib/worker';
import type { Workflow } from '@temporalio/worker/lib/workflow/interface';
import { ReusableVMWorkflowCreator } from '@temporalio/worker/lib/workflow/reusable-vm';
import { globalHandlers } from '@temporalio/worker/lib/workflow/vm-shared';
import type { WorkflowInfo } from '@temporalio/workflow';
import { createUnsafeRandomSource } from '@temporalio/workflow/lib/random-helpers';

/** One run's identity, as the sandbox's WorkflowInfo needs it. */
export interface RunIdentity {
  workflowId: string;
  runId: string;
  workflowType: string;
  firstExecutionRunId: string;
  continuedFromExecutionRunId?: string;
  taskQueue: string;
  namespace: string;
  startTime: number;
  runStartTime: number;
}

export const WORKFLOW_TASK_TIMEOUT_MS = 10_000;

/**
 * The SDK's workflow sandbox (the same V8-context VM a Worker uses), holding one parsed bundle.
 * A reusable context is shared by all runs: the SDK swaps each run's globals in and out.
 */
export class Sandbox {
  private constructor(private readonly creator: ReusableVMWorkflowCreator) {}

  /**
   * @param isolateExecutionTimeoutMs Longest a single call into workflow code may run before it
   *   is interrupted (the Worker's safeguard against an endless loop). 0 disables the watchdog:
   *   every call gets about 3x cheaper, but an endless loop hangs the process.
   */
  static async create(
    bundleCode: string,
    activityNames: Iterable<string>,
    isolateExecutionTimeoutMs: number,
  ): Promise<Sandbox> {
    // The bundle object cannot be passed as is: its sourceMap field is a placeholder string.
    const parsed = parseWorkflowCode(bundleCode);
    const timeout =
      isolateExecutionTimeoutMs > 0 ? isolateExecutionTimeoutMs : (undefined as unknown as number);
    const creator = await withUnhandledRejectionGuard(() =>
      ReusableVMWorkflowCreator.create(parsed, timeout, new Set(activityNames)),
    );
    stopPromiseStackTracking();
    return new Sandbox(creator);
  }

  /** Builds the WorkflowInfo the way `Worker.createWorkflow` does, then instantiates the run. */
  createWorkflow(run: RunIdentity, randomnessSeed: number[]): Promise<Workflow> {
    const info: WorkflowInfo = {
      workflowId: run.workflowId,
      runId: run.runId,
      workflowType: run.workflowType,
      searchAttributes: {},
      typedSearchAttributes: new TypedSearchAttributes(),
      taskQueue: run.taskQueue,
      namespace: run.namespace,
      firstExecutionRunId: run.firstExecutionRunId,
      originalExecutionRunId: run.runId,
      continuedFromExecutionRunId: run.continuedFromExecutionRunId,
      startTime: new Date(run.startTime),
      runStartTime: new Date(run.runStartTime),
      taskTimeoutMs: WORKFLOW_TASK_TIMEOUT_MS,
      attempt: 1,
      historyLength: 3,
      historySize: 0,
      continueAsNewSuggested: false,
      targetWorkerDeploymentVersionChanged: false,
      currentBuildId: '',
      unsafe: {
        now: () => Date.now(), // replaced by the sandbox's own clock in initRuntime
        isReplaying: false,
        isReplayingHistoryEvents: false,
        random: createUnsafeRandomSource(Math.random),
      },
    };
    return this.creator.createWorkflow({
      info,
      randomnessSeed,
      now: run.runStartTime,
      showStackTraceSources: false,
    });
  }

  async destroy(): Promise<void> {
    await this.creator.destroy();
    releaseUnhandledRejectionGuard();
  }
}

/**
 * The VM creator installs a process-wide V8 promise hook that records where every promise was
 * created, for the `__stack_trace` query of stuck workflows. On a Worker that runs in its own
 * thread; here it would tax every promise of the host (API, database driver) and halve the
 * engine's speed. Stack traces of errors stay source-mapped (that is a separate hook).
 */
function stopPromiseStackTracking(): void {
  // Private in the SDK's typings, but a plain method (see vm-shared.js, pinned SDK version).
  (globalHandlers as unknown as { stopPromiseHook(): void }).stopPromiseHook();
  globalHandlers.promiseHookInstalled = false;
}

type RejectionListener = (reason: unknown, promise: Promise<unknown>) => void;

/**
 * The VM creator installs a process-wide `unhandledRejection` listener (once per loaded SDK
 * module) that rethrows any rejection it cannot tie to a workflow run, which would crash the
 * host (or a jest worker). We swap it for a guard that hands workflow-context rejections to the
 * SDK listener (it fails that run's activation), leaves the others to the host's own listeners,
 * and only rethrows — Node's default — when the host has none. The guard is removed when the
 * last sandbox is destroyed.
 */
let sdkListener: RejectionListener | undefined;
let sandboxes = 0;

const guard: RejectionListener = (reason, promise) => {
  if (belongsToWorkflowContext(promise) && sdkListener) {
    try {
      sdkListener(reason, promise);
    } catch (err) {
      console.error('in-process engine: unhandled rejection in a disposed workflow run', err);
    }
    return;
  }
  if (process.listenerCount('unhandledRejection') > 1) return;
  throw reason;
};

async function withUnhandledRejectionGuard<T>(create: () => Promise<T>): Promise<T> {
  const before = new Set(process.listeners('unhandledRejection'));
  const created = await create();
  for (const listener of process.listeners('unhandledRejection')) {
    if (!before.has(listener)) {
      sdkListener = listener as RejectionListener;
      process.removeListener('unhandledRejection', listener);
    }
  }
  if (sandboxes++ === 0) process.on('unhandledRejection', guard);
  return created;
}

function releaseUnhandledRejectionGuard(): void {
  if (--sandboxes === 0) process.removeListener('unhandledRejection', guard);
}

/** A promise created inside a workflow context has that context's Promise constructor. */
function belongsToWorkflowContext(promise: Promise<unknown>): boolean {
  try {
    const ctorOfCtor = (promise as unknown as { constructor: { constructor: FunctionConstructor } })
      .constructor.constructor;
    return ctorOfCtor('return globalThis.__TEMPORAL_ACTIVATOR__')() !== undefined;
  } catch {
    return false;
  }
}
