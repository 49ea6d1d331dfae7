/**
 * The engine layer: one CaseEngine interface, two implementations (Temporal, in-process).
 * Activities should import `currentActivityInfo` from './activity-info' directly: that module
 * does not load the worker.
 */
export type { CaseEngine, WorkflowDescription, WorkflowStatus } from './types';
export type { QueryDefinition, SignalDefinition, UpdateDefinition } from './types';
export {
  QueryFailedError,
  UpdateRejectedError,
  WorkflowIdConflictError,
  WorkflowNotFoundError,
  WorkflowTaskFailedError,
} from './errors';
export { currentActivityInfo, type EngineActivityInfo } from './activity-info';
export { InProcessEngine, type InProcessEngineOptions, type RunSummary } from './in-process/engine';
export { VirtualClock, WallClock, type EngineClock } from './in-process/clock';
export type { ActivityFunction } from './in-process/activity-runner';
export { replayHistories, type ReplayOptions, type ReplayOutcome } from './replay';
export { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils';
export { TemporalEngine, toEngineError } from './temporal/engine';
export { temporalConfigFromEnv, type TemporalConfig } from './temporal/config';
export { createWorker, runWorker, type WorkerSetup } from './temporal/worker';
