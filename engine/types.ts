import type { QueryDefinition, SignalDefinition, UpdateDefinition } from '@temporalio/common';

export type { QueryDefinition, SignalDefinition, UpdateDefinition };

export type WorkflowStatus = 'running' | 'completed' | 'failed' | 'terminated';

export interface WorkflowDescription {
  status: WorkflowStatus;
  /** The workflow's return value, when completed. */
  result?: unknown;
  /**
   * Why it failed, when failed. Also set on a running workflow whose last workflow task failed
   * (a bug in workflow code: a server would retry that task forever).
   */
  failure?: string;
}

/**
 * What the API and the tests drive workflows through. Message definitions are the objects of
 * `defineUpdate/defineSignal/defineQuery` exported by the workflow module, so a message name is
 * never typed as a string twice.
 */
export interface CaseEngine {
  readonly kind: 'temporal' | 'in-process';
  /** Throws WorkflowIdConflictError if the id was ever used (running or closed). */
  start<A extends unknown[]>(workflowType: string, workflowId: string, args: A): Promise<void>;
  /**
   * Update-with-start: starts the workflow and sends it `def` in one request; resolves with the update's
   * answer. Throws WorkflowIdConflictError like `start`.
   */
  startWithUpdate<R, A extends unknown[]>(
    workflowType: string,
    workflowId: string,
    args: A,
    def: UpdateDefinition<R, []>,
  ): Promise<R>;
  /** A refusal (validator or handler ApplicationFailure) throws UpdateRejectedError. */
  update<R, A extends unknown[]>(workflowId: string, def: UpdateDefinition<R, A>, ...args: A): Promise<R>;
  signal<A extends unknown[]>(workflowId: string, def: SignalDefinition<A>, ...args: A): Promise<void>;
  query<R, A extends unknown[]>(workflowId: string, def: QueryDefinition<R, A>, ...args: A): Promise<R>;
  describe(workflowId: string): Promise<WorkflowDescription>;
  /** Ids of running workflows, e.g. to broadcast a "calendar changed" signal. */
  listRunning(workflowType?: string): Promise<string[]>;
  close(): Promise<void>;
}
