/** Errors every CaseEngine implementation throws, so callers never depend on one engine's errors. */

export class WorkflowIdConflictError extends Error {
  override readonly name = 'WorkflowIdConflictError';
  constructor(readonly workflowId: string) {
    super(`workflow id '${workflowId}' is already in use`);
  }
}

/**
 * Awaits a start whose workflow id names what it is about (`record-expiry-<id>`, `ntc-<id>`): an id
 * already used means that workflow runs or did its work, which is what the caller wanted.
 */
export async function startedOnce(start: Promise<unknown>): Promise<void> {
  try {
    await start;
  } catch (err) {
    if (!(err instanceof WorkflowIdConflictError)) throw err;
  }
}

export class WorkflowNotFoundError extends Error {
  override readonly name = 'WorkflowNotFoundError';
  constructor(
    readonly workflowId: string,
    reason = 'not found',
  ) {
    super(`workflow '${workflowId}': ${reason}`);
  }
}

/** An Update refused by its validator, or failed by its handler with an ApplicationFailure. */
export class UpdateRejectedError extends Error {
  override readonly name = 'UpdateRejectedError';
  constructor(
    /** The ApplicationFailure's type, e.g. 'InvalidTransition'. */
    readonly type: string,
    message: string,
    readonly details: unknown[],
  ) {
    super(message);
  }
}

/**
 * A workflow task failed: workflow code threw something other than an ApplicationFailure, or broke
 * determinism. A server would retry the task forever; the in-process engine treats it as a bug
 * and rejects whoever is waiting on that workflow.
 */
export class WorkflowTaskFailedError extends Error {
  override readonly name = 'WorkflowTaskFailedError';
  constructor(
    readonly workflowId: string,
    /** The error class thrown in workflow code, e.g. 'TypeError' or 'DeterminismViolationError'. */
    readonly causeType: string,
    readonly causeMessage: string,
    readonly causeStack?: string,
  ) {
    super(`workflow task failed in '${workflowId}': ${causeType}: ${causeMessage}`);
  }
}

/**
 * A query the workflow could not answer: no handler registered under that name (yet: a handler
 * set after an `await` exists only once the workflow got there), or the handler threw. Temporal's
 * client throws `QueryNotRegisteredError` for both, with the workflow's message, e.g.
 * "Workflow did not register a handler for caseState. Registered queries: [...]".
 */
export class QueryFailedError extends Error {
  override readonly name = 'QueryFailedError';
  constructor(
    readonly workflowId: string,
    readonly queryType: string,
    message: string,
  ) {
    super(message);
  }
}
