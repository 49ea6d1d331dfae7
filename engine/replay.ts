import type { temporal } from '@temporalio/proto';
import { DefaultLogger, Runtime, Worker, type InjectedSinks } from '@temporalio/worker';
import type { Sinks } from '@temporalio/workflow';
import { loadWorkflowBundle } from './in-process/bundle';

export interface ReplayOptions {
  /** The workflows module to check, bundled (and cached) like the in-process engine does. */
  workflowsPath: string;
  histories: { workflowId: string; history: temporal.api.history.v1.IHistory | unknown }[];
  /** Sinks called during replay (register them with `callDuringReplay: true`). */
  sinks?: InjectedSinks<Sinks>;
}

export interface ReplayOutcome {
  workflowId: string;
  /** The replay error, e.g. a DeterminismViolationError; undefined when the history replayed. */
  error?: Error;
}

/**
 * Replays recorded histories against (possibly changed) workflow code with the SDK's replay
 * worker, offline. A change that breaks determinism shows up as a DeterminismViolationError.
 */
export async function replayHistories({
  workflowsPath,
  histories,
  sinks,
}: ReplayOptions): Promise<ReplayOutcome[]> {
  quietRuntime();
  const { code } = await loadWorkflowBundle({ workflowsPath });
  const outcomes: ReplayOutcome[] = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle: { code }, sinks }, histories)) {
    outcomes.push({ workflowId: result.workflowId, error: result.error as Error | undefined });
  }
  return outcomes;
}

let runtimeInstalled = false;

/**
 * The replay worker logs every state change at INFO, and Core logs each expected
 * non-determinism failure at WARN; the outcome already says it all.
 */
function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({
      logger: new DefaultLogger('ERROR'),
      telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } },
    });
  } catch {
    // Already installed or instantiated by the host: keep its logger.
  }
}
