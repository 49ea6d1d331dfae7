import { defaultFailureConverter, defaultPayloadConverter, type Payload } from '@temporalio/common';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { runInActivityContext, type EngineActivityInfo } from '../activity-info';

type Failure = temporal.api.failure.v1.IFailure;
type RetryPolicy = temporal.api.common.v1.IRetryPolicy;
const RetryState = temporal.api.enums.v1.RetryState;

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
    }
  | { kind: 'retry'; failure: Failure; attempt: number; delayMs: number };

export interface ActivityCall {
  fn: ActivityFunction;
  args: unknown[];
  retryPolicy?: RetryPolicy | null;
  info: Omit<EngineActivityInfo, 'attempt'>;
}

/**
 * Calls an activity once, and decides as the server does whether it is retried and after how
 * long: maximumAttempts (0 = unlimited), nonRetryableErrorTypes, ApplicationFailure.nonRetryable,
 * backoff initialInterval × backoffCoefficient^(attempt−1) capped at maximumInterval. The caller
 * waits that long on its clock. Timeouts are not enforced: a plain function cannot be cancelled.
 */
export async function runAttempt(call: ActivityCall, attempt: number): Promise<AttemptOutcome> {
  const policy = retrySettings(call.retryPolicy);
  const info: EngineActivityInfo = { ...call.info, attempt };
  try {
    const value = await runInActivityContext(info, () =>
      (call.fn as (...args: unknown[]) => unknown)(...call.args),
    );
    return { kind: 'completed', result: defaultPayloadConverter.toPayload(value), attempt };
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
    if (retryState !== undefined) return { kind: 'failed', failure, attempt, retryState };
    return { kind: 'retry', failure, attempt, delayMs: policy.delayAfter(attempt) };
  }
}

/** The server's defaults: initialInterval 1 s, coefficient 2, maximumInterval 100 × initial. */
function retrySettings(policy: RetryPolicy | null | undefined) {
  const initial = optionalTsToMs(policy?.initialInterval) ?? 1_000;
  const coefficient = policy?.backoffCoefficient || 2;
  const maximum = optionalTsToMs(policy?.maximumInterval) ?? 100 * initial;
  return {
    maximumAttempts: policy?.maximumAttempts ?? 0,
    nonRetryableErrorTypes: policy?.nonRetryableErrorTypes ?? [],
    delayAfter: (attempt: number) => Math.min(initial * coefficient ** (attempt - 1), maximum),
  };
}
