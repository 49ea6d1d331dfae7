import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { loadWorkflowBundle } from '../in-process/bundle';
import { temporalConfigFromEnv, type TemporalConfig } from './config';

export interface WorkerSetup {
  /** The workflows module, e.g. workflows/index.ts. */
  workflowsPath: string;
  /** The activities object, e.g. `createActivities(deps)`. */
  activities: object;
  /** Default: from the environment (TEMPORAL_ADDRESS etc.). */
  config?: TemporalConfig;
  /** Further Worker options (tuning, interceptors, sinks). */
  options?: Partial<Omit<WorkerOptions, 'connection' | 'namespace' | 'taskQueue' | 'activities'>>;
}

/**
 * A Temporal Worker polling the configured task queue. The workflow code is the same cached
 * bundle the in-process engine runs, so both engines execute identical code.
 */
export async function createWorker({ workflowsPath, activities, config, options }: WorkerSetup) {
  const resolved = config ?? requiredConfig();
  const connection = await NativeConnection.connect({
    address: resolved.address,
    tls: resolved.tls,
    apiKey: resolved.apiKey,
  });
  const { code } = await loadWorkflowBundle({ workflowsPath });
  const worker = await Worker.create({
    connection,
    namespace: resolved.namespace,
    taskQueue: resolved.taskQueue,
    workflowBundle: { code },
    activities,
    ...options,
  });
  return { worker, connection };
}

/** Runs a worker until SIGINT/SIGTERM (the SDK's default shutdown signals), then disconnects. */
export async function runWorker(setup: WorkerSetup): Promise<void> {
  const { worker, connection } = await createWorker(setup);
  try {
    await worker.run();
  } finally {
    await connection.close();
  }
}

function requiredConfig(): TemporalConfig {
  const config = temporalConfigFromEnv();
  if (!config)
    throw new Error('TEMPORAL_ADDRESS is not set: no Temporal server to poll (see engine/README.md)');
  return config;
}
