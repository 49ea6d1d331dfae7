import {
  Client,
  Connection,
  WorkflowExecutionAlreadyStartedError,
  WorkflowFailedError,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError as TemporalWorkflowNotFoundError,
  WorkflowUpdateFailedError,
  ApplicationFailure,
  WithStartWorkflowOperation,
  QueryNotRegisteredError,
} from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import type { QueryDefinition, SignalDefinition, UpdateDefinition } from '@temporalio/common';
import {
  QueryFailedError,
  UpdateRejectedError,
  WorkflowIdConflictError,
  WorkflowNotFoundError,
} from '../errors';
import type { CaseEngine, WorkflowDescription } from '../types';
import type { TemporalConfig } from './config';

/** The product engine: a Temporal client; workflows and activities run on `npm run worker`. */
export class TemporalEngine implements CaseEngine {
  readonly kind = 'temporal';

  private constructor(
    private readonly client: Client,
    private readonly connection: Connection,
    private readonly config: TemporalConfig,
  ) {}

  static async connect(config: TemporalConfig): Promise<TemporalEngine> {
    const connection = await Connection.connect({
      address: config.address,
      tls: config.tls,
      apiKey: config.apiKey,
    });
    return new TemporalEngine(new Client({ connection, namespace: config.namespace }), connection, config);
  }

  async start<A extends unknown[]>(workflowType: string, workflowId: string, args: A): Promise<void> {
    await this.call(workflowId, () =>
      this.client.workflow.start(workflowType, {
        workflowId,
        taskQueue: this.config.taskQueue,
        args,
        // A case id is used once, even after the case closed.
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      }),
    );
  }

  startWithUpdate<R, A extends unknown[]>(
    workflowType: string,
    workflowId: string,
    args: A,
    def: UpdateDefinition<R, []>,
  ): Promise<R> {
    const startWorkflowOperation = new WithStartWorkflowOperation(workflowType, {
      workflowId,
      taskQueue: this.config.taskQueue,
      args,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      // An id already running is a conflict too, never a second update to another case.
      workflowIdConflictPolicy: 'FAIL',
    });
    return this.call(workflowId, () =>
      this.client.workflow.executeUpdateWithStart(def, { startWorkflowOperation }),
    );
  }

  update<R, A extends unknown[]>(workflowId: string, def: UpdateDefinition<R, A>, ...args: A): Promise<R> {
    const handle = this.client.workflow.getHandle(workflowId);
    // The client's overloads split on "no args" vs "some args"; a generic A fits neither statically.
    return this.call(workflowId, () =>
      handle.executeUpdate<R, [unknown]>(def.name, { args: args as unknown as [unknown] }),
    );
  }

  signal<A extends unknown[]>(workflowId: string, def: SignalDefinition<A>, ...args: A): Promise<void> {
    return this.call(workflowId, () => this.client.workflow.getHandle(workflowId).signal(def, ...args));
  }

  query<R, A extends unknown[]>(workflowId: string, def: QueryDefinition<R, A>, ...args: A): Promise<R> {
    return this.call(
      workflowId,
      () => this.client.workflow.getHandle(workflowId).query(def, ...args),
      def.name,
    );
  }

  async describe(workflowId: string): Promise<WorkflowDescription> {
    const handle = this.client.workflow.getHandle(workflowId);
    const { status } = await this.call(workflowId, () => handle.describe());
    switch (status.name) {
      case 'RUNNING':
        return { status: 'running' };
      case 'COMPLETED':
        return { status: 'completed', result: await handle.result() };
      case 'FAILED':
        try {
          await handle.result();
          return { status: 'failed' };
        } catch (err) {
          return { status: 'failed', failure: describeFailure(err) };
        }
      default:
        // TERMINATED, CANCELLED, TIMED_OUT: ended from outside the workflow's own logic.
        return { status: 'terminated', failure: status.name };
    }
  }

  async listRunning(workflowType?: string): Promise<string[]> {
    const filters = [`ExecutionStatus = 'Running'`, `TaskQueue = '${this.config.taskQueue}'`];
    if (workflowType) filters.push(`WorkflowType = '${workflowType.replace(/'/g, "''")}'`);
    const ids: string[] = [];
    try {
      for await (const execution of this.client.workflow.list({ query: filters.join(' AND ') })) {
        ids.push(execution.workflowId);
      }
      return ids;
    } catch (err) {
      if (!isUnimplemented(err)) throw err;
      return this.listOpenWithoutQueries(workflowType);
    }
  }

  /** Servers without list queries (Temporal's time-skipping test server) still list open executions. */
  private async listOpenWithoutQueries(workflowType?: string): Promise<string[]> {
    const ids: string[] = [];
    let nextPageToken: Uint8Array | undefined;
    do {
      const page = await this.client.workflowService.listOpenWorkflowExecutions({
        namespace: this.config.namespace,
        maximumPageSize: 1000,
        nextPageToken,
        typeFilter: workflowType ? { name: workflowType } : undefined,
      });
      for (const e of page.executions ?? []) {
        // The test server leaves taskQueue empty in this list.
        const onOurQueue = !e.taskQueue || e.taskQueue === this.config.taskQueue;
        if (onOurQueue && e.execution?.workflowId) ids.push(e.execution.workflowId);
      }
      nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
    } while (nextPageToken);
    return ids;
  }

  /** The workflow's event history as the server wrote it (for replay tests and support exports). */
  async fetchHistory(workflowId: string): Promise<temporal.api.history.v1.IHistory> {
    return this.call(workflowId, () => this.client.workflow.getHandle(workflowId).fetchHistory());
  }

  async close(): Promise<void> {
    await this.connection.close();
  }

  /** Runs a client call, turning client errors into the engine's typed errors. */
  private async call<T>(workflowId: string, fn: () => Promise<T>, queryType?: string): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw toEngineError(workflowId, err, queryType);
    }
  }
}

export function toEngineError(workflowId: string, err: unknown, queryType?: string): unknown {
  if (err instanceof WorkflowExecutionAlreadyStartedError) return new WorkflowIdConflictError(workflowId);
  // The server answers INVALID_ARGUMENT with the workflow's message when a query handler is
  // missing or threw; the client wraps that as QueryNotRegisteredError.
  if (err instanceof QueryNotRegisteredError && queryType !== undefined)
    return new QueryFailedError(workflowId, queryType, err.message);
  if (err instanceof TemporalWorkflowNotFoundError) return new WorkflowNotFoundError(workflowId, err.message);
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const { type, message, details } = err.cause;
    return new UpdateRejectedError(type ?? 'Error', message, details ? [...details] : []);
  }
  return err;
}

function describeFailure(err: unknown): string {
  if (err instanceof WorkflowFailedError && err.cause) {
    const cause = err.cause;
    const type = cause instanceof ApplicationFailure && cause.type ? `${cause.type}: ` : '';
    return `${type}${cause.message}`;
  }
  return err instanceof Error ? err.message : String(err);
}

/** gRPC status 12: the server does not offer the method. */
const GRPC_UNIMPLEMENTED = 12;

function isUnimplemented(err: unknown): boolean {
  const cause = (err as { cause?: { code?: number } })?.cause;
  return (err as { code?: number })?.code === GRPC_UNIMPLEMENTED || cause?.code === GRPC_UNIMPLEMENTED;
}
