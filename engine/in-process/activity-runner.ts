import { defaultFailureConverter, defaultPayloadConverter, type Payload } from '@temporalio/common';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { runInActivityContext, type EngineActivityInfo } from '../activity-info';

type Failure = temporal.api.failure.v1.IFailure;
type RetryPolicy = temporal.api.common.v1.IRetryPolicy;
const RetryState = temporal.api.enums.v1.RetryState;

/** Activities are plain functions; the engine passes them their decoded arguments. */
export type ActivityFunction = (...args: never[]) => unknown;

export type ActivityOutcome =
  | { kind: 'completed'; result: Payload; attempt: number; lastFailure?: Failure }
  | {
      kind: 'failed';
      failure: Failure;
      attempt: number;
      retryState: temporal.api.enums.v1.RetryState;
      lastFailure?: Failure;
    };

export interface ActivityCall {
  fn: ActivityFunction;
  args: unknown[];
  retryPolicy?: RetryPolicy | null;
  info: Omit<EngineActivityInfo, 'attempt'>;
  /** Waits between attempts: real time on the wall clock, nothing in virtual time. */
  backoff(ms: number): Promise<void>;
  /**
   * A policy without maximumAttempts retries forever, which in virtual time (no wait between
   * attempts) would spin without end. Past this many attempts the call throws instead.
   */
  attemptsCapWhenUnlimited: number;
}

export class RetriesNeverEndError extends Error {
  override readonly name = 'RetriesNeverEndError';
}

/**
 * Calls an activity until it succeeds or its retry policy gives up, the way the server
 * schedules attempts: maximumAttempts (0 = unlimited), nonRetryableErrorTypes,
 * ApplicationFailure.nonRetryable, exponential backoff capped at maximumInterval.
 * Timeouts are not enforced: a plain function cannot be cancelled.
 */
export async function runActivity(call: ActivityCall): Promise<ActivityOutcome> {
  const policy = retrySettings(call.retryPolicy);
  let lastFailure: Failure | undefined;
  for (let attempt = 1; ; attempt++) {
    const info: EngineActivityInfo = { ...call.info, attempt };
    try {
      const value = await runInActivityContext(info, () =>
        (call.fn as (...args: unknown[]) => unknown)(...call.args),
      );
      return { kind: 'completed', result: defaultPayloadConverter.toPayload(value), attempt, lastFailure };
    } catch (err) {
      const failure = defaultFailureConverter.errorToFailure(err, defaultPayloadConverter);
      const type = failure.applicationFailureInfo?.type ?? '';
      const retryState = failure.applicationFailureInfo?.nonRetryable
        ? RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE
        : policy.nonRetryableErrorTypes.includes(type)
          ? RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE
          : policy.maximumAttempts > 0 && attempt >= policy.maximumAttempts
            ? RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED
            : undefined;
      if (retryState !== undefined) return { kind: 'failed', failure, attempt, retryState, lastFailure };
      if (policy.maximumAttempts === 0 && attempt >= call.attemptsCapWhenUnlimited) {
        throw new RetriesNeverEndError(
          `activity ${call.info.activityType} (${call.info.idempotencyKey}) failed ${attempt} times under a ` +
            `retry policy without maximumAttempts; last error: ${failure.message}`,
        );
      }
      lastFailure = failure;
      await call.backoff(policy.delayBefore(attempt + 1));
    }
  }
}

function retrySettings(policy: RetryPolicy | null | undefined) {
  const initial = optionalTsToMs(policy?.initialInterval) ?? 1_000;
  const coefficient = policy?.backoffCoefficient || 2;
  const maximum = optionalTsToMs(policy?.maximumInterval) ?? 100 * initial;
  return {
    maximumAttempts: policy?.maximumAttempts ?? 0,
    nonRetryableErrorTypes: policy?.nonRetryableErrorTypes ?? [],
    delayBefore: (attempt: number) => Math.min(initial * coefficient ** (attempt - 2), maximum),
  };
}
