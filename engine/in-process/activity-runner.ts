import {
  CancelledFailure,
  defaultFailureConverter,
  defaultPayloadConverter,
  type Payload,
} from '@temporalio/common';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { runInActivityContext, type EngineActivityInfo } from '../activity-info';
import type { EngineClock } from './clock';

type Failure = temporal.api.failure.v1.IFailure;
type RetryPolicy = temporal.api.common.v1.IRetryPolicy;
type Duration = Parameters<typeof optionalTsToMs>[0];
const RetryState = temporal.api.enums.v1.RetryState;
const TimeoutType = temporal.api.enums.v1.TimeoutType;

/** Activities are plain functions; the engine passes them their decoded arguments. */
export type ActivityFunction = (...args: never[]) => unknown;

/** How one attempt ended: for good, or with a retry due after `delayMs` under the retry policy. */
export type AttemptOutcome =
  | { kind: 'completed'; result: Payload; attempt: number }
  | {
      kind: 'failed';
      failure: Failure;
      attempt: number;
      retryState: temporal.api.enums.v1.RetryState;
      /** The last attempt ran past its startToCloseTimeout: the server writes ActivityTaskTimedOut. */
      timedOut: boolean;
    }
  | { kind: 'retry'; failure: Failure; attempt: number; delayMs: number };

export interface ActivityCall {
  fn: ActivityFunction;
  args: unknown[];
  retryPolicy?: RetryPolicy | null;
  /** Per attempt, on the engine's clock; unset: the attempt may run for ever. */
  startToCloseTimeout?: Duration;
  info: Omit<EngineActivityInfo, 'attempt'>;
}

/** What an attempt needs from its run. */
export interface AttemptHost {
  clock: EngineClock;
  /** Marks the attempt as work `settled()` waits for; returns the (idempotent) release. */
  busy(): () => void;
}

export interface RunningAttempt {
  outcome: Promise<AttemptOutcome>;
  /**
   * The worker running it died: whatever the function does from now on is not reported. As on a
   * server, the attempt then ends only by its startToCloseTimeout (and is retried per the policy).
   */
  abandon(): void;
}

/**
 * Calls an activity once, and decides as the server does whether it is retried and after how
 * long: maximumAttempts (0 = unlimited), nonRetryableErrorTypes, ApplicationFailure.nonRetryable,
 * backoff initialInterval × backoffCoefficient^(attempt−1) capped at maximumInterval. The caller
 * waits that long on its clock.
 *
 * startToCloseTimeout runs on the engine's clock from the attempt's start: once it passes, the attempt
 * fails with a TimeoutFailure (START_TO_CLOSE), which is retried like any failure unless the policy
 * lists `TemporalTimeout:StartToClose` as non-retryable, and what the function does later is dropped;
 * a pending `activitySleep` rejects with a CancelledFailure, as a worker cancels such an attempt. In
 * virtual time a function takes no time while it computes or awaits I/O (its promise is work that
 * `settled()` waits for); it is slow only while it waits on the clock with `activitySleep`.
 */
export function runAttempt(call: ActivityCall, attempt: number, host: AttemptHost): RunningAttempt {
  const policy = retrySettings(call.retryPolicy);
  const info: EngineActivityInfo = { ...call.info, attempt };
  let ended = false;
  let abandoned = false;
  let release = host.busy();
  const sleeps = new Set<{ cancel: () => void; reject: (err: Error) => void }>();
  let end!: (outcome: AttemptOutcome) => void;
  const outcome = new Promise<AttemptOutcome>((resolve) => (end = resolve));

  const timeoutMs = optionalTsToMs(call.startToCloseTimeout);
  const cancelTimeout =
    timeoutMs && timeoutMs > 0
      ? host.clock.schedule(host.clock.now() + timeoutMs, () => finish(timedOut()))
      : undefined;

  function finish(result: AttemptOutcome): void {
    if (ended) return;
    ended = true;
    cancelTimeout?.();
    // Still work until whoever waits on the outcome has taken it over (queued the resolution, or put
    // the retry on the clock): a timeout fires while nothing else is busy.
    const handOver = host.busy();
    release();
    for (const s of sleeps) {
      s.cancel();
      s.reject(new CancelledFailure('TIMED_OUT'));
    }
    sleeps.clear();
    end(result);
    void outcome.then(() => handOver());
  }

  function timedOut(): AttemptOutcome {
    const failure: Failure = {
      message: 'activity StartToClose timeout',
      source: '',
      timeoutFailureInfo: { timeoutType: TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE },
    };
    const retryState = policy.nonRetryableErrorTypes.includes('TemporalTimeout:StartToClose')
      ? RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE
      : policy.exhaustedAt(attempt)
        ? RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED
        : undefined;
    if (retryState !== undefined) return { kind: 'failed', failure, attempt, retryState, timedOut: true };
    return { kind: 'retry', failure, attempt, delayMs: policy.delayAfter(attempt) };
  }

  const sleep = (ms: number) =>
    new Promise<void>((resolve, reject) => {
      if (ended) return reject(new CancelledFailure('TIMED_OUT'));
      // Waiting on the clock is not work: time may pass meanwhile (and the timeout may fire).
      release();
      const entry = {
        cancel: host.clock.schedule(host.clock.now() + Math.max(0, ms), () => {
          sleeps.delete(entry);
          if (!abandoned) release = host.busy();
          resolve();
        }),
        reject,
      };
      sleeps.add(entry);
    });

  void (async () => {
    // The function starts once the attempt is registered, as a worker picks the task up later.
    await null;
    let result: AttemptOutcome;
    try {
      const value = await runInActivityContext({ info, sleep }, () =>
        (call.fn as (...args: unknown[]) => unknown)(...call.args),
      );
      result = { kind: 'completed', result: defaultPayloadConverter.toPayload(value), attempt };
    } catch (err) {
      const failure = defaultFailureConverter.errorToFailure(err, defaultPayloadConverter);
      const type = failure.applicationFailureInfo?.type ?? '';
      const retryState = failure.applicationFailureInfo?.nonRetryable
        ? RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE
        : policy.nonRetryableErrorTypes.includes(type)
          ? RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE
          : policy.exhaustedAt(attempt)
            ? RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED
            : undefined;
      result =
        retryState !== undefined
          ? { kind: 'failed', failure, attempt, retryState, timedOut: false }
          : { kind: 'retry', failure, attempt, delayMs: policy.delayAfter(attempt) };
    }
    if (!abandoned) finish(result);
  })();

  return {
    outcome,
    abandon: () => {
      if (ended || abandoned) return;
      abandoned = true;
      release();
      // Without a timeout nothing would ever end it; a server requires one, and so does the SDK.
      if (!cancelTimeout) finish(timedOut());
    },
  };
}

/** The server's defaults: initialInterval 1 s, coefficient 2, maximumInterval 100 × initial. */
function retrySettings(policy: RetryPolicy | null | undefined) {
  const initial = optionalTsToMs(policy?.initialInterval) ?? 1_000;
  const coefficient = policy?.backoffCoefficient || 2;
  const maximum = optionalTsToMs(policy?.maximumInterval) ?? 100 * initial;
  const maximumAttempts = policy?.maximumAttempts ?? 0;
  return {
    nonRetryableErrorTypes: policy?.nonRetryableErrorTypes ?? [],
    exhaustedAt: (attempt: number) => maximumAttempts > 0 && attempt >= maximumAttempts,
    delayAfter: (attempt: number) => Math.min(initial * coefficient ** (attempt - 1), maximum),
  };
}
