import type { Payload } from '@temporalio/common';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import type { coresdk } from '@temporalio/proto';
import { WORKFLOW_TASK_TIMEOUT_MS } from './sandbox';

type History = temporal.api.history.v1.History;
/** Events are kept as plain objects; `History.fromObject` turns ids into Longs. */
type Event = Record<string, unknown>;
type Failure = temporal.api.failure.v1.IFailure;
const EventType = temporal.api.enums.v1.EventType;

/** Core flag 1 (IdAndTypeDeterminismChecks): replay compares activity ids and types. */
const CORE_USED_FLAGS = [1];
const IDENTITY = 'in-process-engine';

export interface StartedAttributes {
  workflowId: string;
  workflowType: string;
  taskQueue: string;
  input: Payload[];
  runId: string;
  firstExecutionRunId: string;
  continuedExecutionRunId?: string;
}

/** What a local activity's marker records (see `HistoryRecorder.localActivityMarker`). */
export interface LocalActivityMarker {
  seq: number;
  /** The attempt whose outcome this is. */
  attempt: number;
  activityId: string;
  activityType: string;
  /** When it ended, on the workflow's clock: the workflow's time once it is resolved, on replay too. */
  completeTime: number;
  /** Set when the attempt failed and the next one waits on a timer of this length (Core's DoBackoff). */
  backoffMs?: number;
  /** When the first attempt was scheduled, for its retries after a timer. */
  originalScheduleTime?: number;
  result?: Payload;
  failure?: Failure;
}

/** A timestamp or duration in ms as serde writes prost's Timestamp/Duration. */
function serdeTime(ms: number): { seconds: number; nanos: number } {
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: (ms - seconds * 1000) * 1_000_000 };
}

/**
 * One run's history, written as a Temporal server would: for each workflow task the events that
 * triggered it, WorkflowTaskScheduled/Started/Completed (Started carries the activation time, the
 * workflow's `Date.now()` on replay), then one event per command. `Worker.runReplayHistory`
 * accepts it, so CI can replay recorded runs against changed workflow code.
 */
export class HistoryRecorder {
  private readonly events: Event[] = [];
  /** Encoded size of `events[0..sized)`, as the server counts a history's size. */
  private sized = 0;
  private bytes = 0;
  private reportedLangFlags = new Set<number>();
  private taskQueue = '';

  get length(): number {
    return this.events.length;
  }

  /** The protobuf-encoded size of the events written so far. */
  get sizeBytes(): number {
    for (; this.sized < this.events.length; this.sized++) {
      const event = temporal.api.history.v1.HistoryEvent.fromObject(this.events[this.sized]);
      this.bytes += temporal.api.history.v1.HistoryEvent.encode(event).finish().length;
    }
    return this.bytes;
  }

  started(attrs: StartedAttributes, at: number): void {
    this.taskQueue = attrs.taskQueue;
    this.add(at, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, {
      workflowExecutionStartedEventAttributes: {
        workflowId: attrs.workflowId,
        workflowType: { name: attrs.workflowType },
        taskQueue: {
          name: attrs.taskQueue,
          kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL,
        },
        input: { payloads: attrs.input },
        workflowTaskTimeout: msToTs(WORKFLOW_TASK_TIMEOUT_MS),
        originalExecutionRunId: attrs.runId,
        firstExecutionRunId: attrs.firstExecutionRunId,
        continuedExecutionRunId: attrs.continuedExecutionRunId,
        initiator: attrs.continuedExecutionRunId
          ? temporal.api.enums.v1.ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_WORKFLOW
          : undefined,
        identity: IDENTITY,
        attempt: 1,
        header: {},
      },
    });
  }

  /**
   * Writes the three workflow task events; returns the WorkflowTaskCompleted event id. The Started
   * event carries the history size and continue-as-new suggestion the workflow was given, from
   * which Core rebuilds them on replay.
   */
  workflowTask(
    at: number,
    usedLangFlags: number[],
    sizeInfo: { historySizeBytes: number; suggestContinueAsNew: boolean },
  ): { scheduledEventId: number; completedEventId: number } {
    const scheduledEventId = this.add(at, EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, {
      workflowTaskScheduledEventAttributes: {
        taskQueue: { name: this.taskQueue },
        startToCloseTimeout: msToTs(WORKFLOW_TASK_TIMEOUT_MS),
        attempt: 1,
      },
    });
    const startedEventId = this.add(at, EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED, {
      workflowTaskStartedEventAttributes: { scheduledEventId, identity: IDENTITY, ...sizeInfo },
    });
    const newLangFlags = usedLangFlags.filter((f) => !this.reportedLangFlags.has(f));
    newLangFlags.forEach((f) => this.reportedLangFlags.add(f));
    const completedEventId = this.add(at, EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, {
      workflowTaskCompletedEventAttributes: {
        scheduledEventId,
        startedEventId,
        identity: IDENTITY,
        sdkMetadata: {
          coreUsedFlags: scheduledEventId === 2 ? CORE_USED_FLAGS : [],
          langUsedFlags: newLangFlags,
        },
      },
    });
    return { scheduledEventId, completedEventId };
  }

  timerStarted(at: number, seq: number, durationMs: number, wftCompleted: number): number {
    return this.add(at, EventType.EVENT_TYPE_TIMER_STARTED, {
      timerStartedEventAttributes: {
        timerId: String(seq),
        startToFireTimeout: msToTs(durationMs),
        workflowTaskCompletedEventId: wftCompleted,
      },
    });
  }

  timerFired(at: number, seq: number, startedEventId: number): void {
    this.add(at, EventType.EVENT_TYPE_TIMER_FIRED, {
      timerFiredEventAttributes: { timerId: String(seq), startedEventId },
    });
  }

  timerCanceled(at: number, seq: number, startedEventId: number, wftCompleted: number): void {
    this.add(at, EventType.EVENT_TYPE_TIMER_CANCELED, {
      timerCanceledEventAttributes: {
        timerId: String(seq),
        startedEventId,
        workflowTaskCompletedEventId: wftCompleted,
        identity: IDENTITY,
      },
    });
  }

  activityScheduled(
    at: number,
    cmd: coresdk.workflow_commands.IScheduleActivity,
    wftCompleted: number,
  ): number {
    return this.add(at, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, {
      activityTaskScheduledEventAttributes: {
        activityId: cmd.activityId,
        activityType: { name: cmd.activityType },
        taskQueue: { name: cmd.taskQueue },
        header: { fields: cmd.headers ?? {} },
        input: { payloads: cmd.arguments ?? [] },
        scheduleToCloseTimeout: cmd.scheduleToCloseTimeout,
        scheduleToStartTimeout: cmd.scheduleToStartTimeout,
        startToCloseTimeout: cmd.startToCloseTimeout,
        heartbeatTimeout: cmd.heartbeatTimeout,
        retryPolicy: cmd.retryPolicy,
        workflowTaskCompletedEventId: wftCompleted,
      },
    });
  }

  /** As a server records it: one Started event, for the last attempt, written when it ends. */
  activityStarted(at: number, scheduledEventId: number, attempt: number, lastFailure?: Failure): number {
    return this.add(at, EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED, {
      activityTaskStartedEventAttributes: { scheduledEventId, identity: IDENTITY, attempt, lastFailure },
    });
  }

  activityCompleted(at: number, scheduledEventId: number, startedEventId: number, result: Payload): void {
    this.add(at, EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED, {
      activityTaskCompletedEventAttributes: {
        result: { payloads: [result] },
        scheduledEventId,
        startedEventId,
        identity: IDENTITY,
      },
    });
  }

  activityFailed(
    at: number,
    scheduledEventId: number,
    startedEventId: number,
    failure: Failure,
    retryState: temporal.api.enums.v1.RetryState,
  ): void {
    this.add(at, EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED, {
      activityTaskFailedEventAttributes: {
        failure,
        scheduledEventId,
        startedEventId,
        identity: IDENTITY,
        retryState,
      },
    });
  }

  /** The last attempt ran past its startToCloseTimeout (no Failed event: the server writes TimedOut). */
  activityTimedOut(
    at: number,
    scheduledEventId: number,
    startedEventId: number,
    failure: Failure,
    retryState: temporal.api.enums.v1.RetryState,
  ): void {
    this.add(at, EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT, {
      activityTaskTimedOutEventAttributes: { failure, scheduledEventId, startedEventId, retryState },
    });
  }

  signaled(at: number, signalName: string, input: Payload[]): void {
    this.add(at, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED, {
      workflowExecutionSignaledEventAttributes: {
        signalName,
        input: { payloads: input },
        identity: IDENTITY,
        header: {},
      },
    });
  }

  updateAccepted(at: number, update: coresdk.workflow_activation.IDoUpdate, wftScheduled: number): number {
    return this.add(at, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED, {
      workflowExecutionUpdateAcceptedEventAttributes: {
        protocolInstanceId: update.protocolInstanceId,
        acceptedRequestMessageId: `${update.protocolInstanceId}/request`,
        acceptedRequestSequencingEventId: wftScheduled,
        acceptedRequest: {
          meta: { updateId: update.id, identity: IDENTITY },
          input: { name: update.name, args: { payloads: update.input ?? [] }, header: {} },
        },
      },
    });
  }

  updateCompleted(at: number, updateId: string, acceptedEventId: number, outcome: Payload | Failure): void {
    const isFailure = !('data' in outcome || 'metadata' in outcome);
    this.add(at, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED, {
      workflowExecutionUpdateCompletedEventAttributes: {
        meta: { updateId, identity: IDENTITY },
        acceptedEventId,
        outcome: isFailure
          ? { failure: outcome as Failure }
          : { success: { payloads: [outcome as Payload] } },
      },
    });
  }

  /** The marker Core writes for `patched()`/`deprecatePatch()` (name and details as Core encodes them). */
  patchMarker(at: number, patchId: string, deprecated: boolean, wftCompleted: number): void {
    const data = Buffer.from(JSON.stringify({ id: patchId, deprecated }));
    this.add(at, EventType.EVENT_TYPE_MARKER_RECORDED, {
      markerRecordedEventAttributes: {
        markerName: 'core_patch',
        details: {
          'patch-data': { payloads: [{ metadata: { encoding: Buffer.from('json/plain') }, data }] },
        },
        workflowTaskCompletedEventId: wftCompleted,
      },
    });
  }

  /**
   * The marker Core writes for a local activity's outcome (sdk-core `build_local_activity_marker_details`):
   * details "data", the JSON of `coresdk.external_data.LocalActivityMarkerData` as serde writes it (snake
   * case; timestamps and durations as `{ seconds, nanos }`, absent ones null), and "result", the payload of a
   * completed one; a failure (also that of an attempt followed by a timer backoff) goes in `failure`.
   */
  localActivityMarker(at: number, marker: LocalActivityMarker, wftCompleted: number): void {
    const { seq, attempt, activityId, activityType, completeTime, backoffMs, originalScheduleTime } = marker;
    const data = {
      seq,
      attempt,
      activity_id: activityId,
      activity_type: activityType,
      complete_time: serdeTime(completeTime),
      backoff: backoffMs === undefined ? null : serdeTime(backoffMs),
      original_schedule_time: originalScheduleTime === undefined ? null : serdeTime(originalScheduleTime),
    };
    const json = { encoding: Buffer.from('json/plain') };
    this.add(at, EventType.EVENT_TYPE_MARKER_RECORDED, {
      markerRecordedEventAttributes: {
        markerName: 'core_local_activity',
        details: {
          data: { payloads: [{ metadata: json, data: Buffer.from(JSON.stringify(data)) }] },
          ...(marker.result ? { result: { payloads: [marker.result] } } : {}),
        },
        workflowTaskCompletedEventId: wftCompleted,
        failure: marker.failure,
      },
    });
  }

  completed(at: number, result: Payload | null | undefined, wftCompleted: number): void {
    this.add(at, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED, {
      workflowExecutionCompletedEventAttributes: {
        result: { payloads: result ? [result] : [] },
        workflowTaskCompletedEventId: wftCompleted,
      },
    });
  }

  failed(at: number, failure: Failure, wftCompleted: number): void {
    this.add(at, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED, {
      workflowExecutionFailedEventAttributes: {
        failure,
        retryState: temporal.api.enums.v1.RetryState.RETRY_STATE_RETRY_POLICY_NOT_SET,
        workflowTaskCompletedEventId: wftCompleted,
      },
    });
  }

  continuedAsNew(
    at: number,
    cmd: coresdk.workflow_commands.IContinueAsNewWorkflowExecution,
    newRunId: string,
    workflowType: string,
    taskQueue: string,
    wftCompleted: number,
  ): void {
    this.add(at, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW, {
      workflowExecutionContinuedAsNewEventAttributes: {
        newExecutionRunId: newRunId,
        workflowType: { name: workflowType },
        taskQueue: { name: taskQueue },
        input: { payloads: cmd.arguments ?? [] },
        workflowTaskTimeout: msToTs(WORKFLOW_TASK_TIMEOUT_MS),
        workflowTaskCompletedEventId: wftCompleted,
        initiator: temporal.api.enums.v1.ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_WORKFLOW,
        header: {},
      },
    });
  }

  toHistory(): History {
    return temporal.api.history.v1.History.fromObject({ events: this.events });
  }

  private add(at: number, eventType: temporal.api.enums.v1.EventType, attributes: Event): number {
    const eventId = this.events.length + 1;
    this.events.push({ eventId, eventTime: msToTs(at), eventType, taskId: eventId, ...attributes });
    return eventId;
  }
}
