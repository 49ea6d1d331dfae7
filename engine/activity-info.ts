import { AsyncLocalStorage } from 'node:async_hooks';
import { Context, asyncLocalStorage as temporalActivityContext } from '@temporalio/activity';

/**
 * What an activity knows about the call it is serving, the same on both engines.
 *
 * `activityId` is assigned by the workflow (the SDK uses the activity's sequence number in its
 * run) and is stable across retries and replays, so `idempotencyKey` can guard a side effect:
 * a retried or re-executed activity sees the same key and must not write twice.
 */
export interface EngineActivityInfo {
  workflowId: string;
  runId: string;
  workflowType: string;
  activityId: string;
  activityType: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** `${workflowId}/${runId}/${activityId}`: unique per scheduled activity, same for its retries. */
  idempotencyKey: string;
}

/** What the in-process engine gives an attempt besides its info: a sleep on the engine's clock. */
export interface InProcessAttemptContext {
  info: EngineActivityInfo;
  sleep(ms: number): Promise<void>;
}

const inProcess = new AsyncLocalStorage<InProcessAttemptContext>();

export function idempotencyKeyOf(workflowId: string, runId: string, activityId: string): string {
  return `${workflowId}/${runId}/${activityId}`;
}

/**
 * Runs `fn` as an in-process activity call: `currentActivityInfo()` inside it returns `info`, and
 * `activitySleep` waits on the engine's clock with `sleep`.
 */
export function runInActivityContext<T>(context: InProcessAttemptContext, fn: () => T): T {
  return inProcess.run(context, fn);
}

/**
 * Waits `ms` inside an activity, like the SDK's `Context.current().sleep(ms)`: on a Temporal worker in
 * wall time, on the in-process engine on its clock (virtual time in tests), so an activity can be slow
 * there too. It rejects with a CancelledFailure once the attempt is abandoned (its startToCloseTimeout
 * passed), as the worker cancels an attempt that timed out.
 */
export function activitySleep(ms: number): Promise<void> {
  const local = inProcess.getStore();
  if (local) return local.sleep(ms);
  if (temporalActivityContext.getStore()) return Context.current().sleep(ms);
  throw new Error('activitySleep() called outside an activity');
}

/**
 * Info of the activity being executed, on the in-process engine or a Temporal worker.
 * Throws when called outside an activity (a bug: the key would be meaningless).
 */
export function currentActivityInfo(): EngineActivityInfo {
  const local = inProcess.getStore();
  if (local) return local.info;
  const temporal = temporalActivityContext.getStore();
  if (temporal) {
    const { workflowExecution, workflowType, activityId, activityType, attempt } = temporal.info;
    if (workflowExecution && workflowType) {
      return {
        workflowId: workflowExecution.workflowId,
        runId: workflowExecution.runId,
        workflowType,
        activityId,
        activityType,
        attempt,
        idempotencyKey: idempotencyKeyOf(workflowExecution.workflowId, workflowExecution.runId, activityId),
      };
    }
  }
  throw new Error('currentActivityInfo() called outside an activity started by a workflow');
}
