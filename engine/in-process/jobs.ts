import type { coresdk } from '@temporalio/proto';

type Job = coresdk.workflow_activation.IWorkflowActivationJob;

/**
 * What a queued job is, for grouping jobs into activations the way Core does. 'local': a local activity's
 * resolution, delivered inside the workflow task that scheduled it, ahead of everything else.
 */
export type JobKind = 'initialize' | 'message' | 'resolution' | 'query' | 'local';

/** A job waiting for its run's next activation. */
export interface QueuedJob {
  kind: JobKind;
  /**
   * Writes the history events that trigger the job (signal, fired timer, activity result) and
   * builds it. Called when the activation is assembled, so those events land right before its
   * WorkflowTaskScheduled, as a server writes them.
   */
  make(): Job;
}

/**
 * Takes the jobs of the next activation off the front of `queue`, as a server hands them to
 * Core: a query alone (it sees the state after the jobs queued before it), a local activity's resolution
 * alone (it continues the workflow task in progress); otherwise every job
 * queued before the next query, except that initializeWorkflow shares its activation only with
 * signals and updates.
 */
export function takeActivationJobs<T extends QueuedJob>(queue: T[]): T[] {
  const [head] = queue;
  if (!head) return [];
  if (head.kind === 'query' || head.kind === 'local') return queue.splice(0, 1);
  const joins = (kind: JobKind) =>
    head.kind === 'initialize' ? kind === 'message' : kind !== 'query' && kind !== 'local';
  let n = 1;
  while (n < queue.length && joins(queue[n].kind)) n++;
  return queue.splice(0, n);
}

/**
 * Core's order of jobs inside one activation (a stable sort in `prepare_to_ship_activation`,
 * sdk-core/src/worker/workflow/mod.rs): initialize, notifyHasPatch, updateRandomSeed, signals and
 * updates, then other resolutions (timers, activities), queries last. Replay rebuilds the same
 * order from the recorded events, which are written in queue order.
 */
export function inCoreOrder(jobs: Job[]): Job[] {
  return jobs
    .map((job, index) => ({ job, index, rank: rankOf(job) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map((j) => j.job);
}

function rankOf(job: Job): number {
  if (job.initializeWorkflow) return 0;
  if (job.notifyHasPatch) return 1;
  if (job.updateRandomSeed) return 2;
  if (job.signalWorkflow || job.doUpdate) return 3;
  if (job.queryWorkflow) return 6;
  return 4;
}
