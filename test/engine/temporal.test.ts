/** What can be checked of the Temporal implementation without a server: config and error mapping. */
import {
  ApplicationFailure,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError as ClientWorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import {
  UpdateRejectedError,
  WorkflowIdConflictError,
  WorkflowNotFoundError,
  temporalConfigFromEnv,
  toEngineError,
} from '../../engine';

describe('temporalConfigFromEnv', () => {
  test('no TEMPORAL_ADDRESS: no server', () => {
    expect(temporalConfigFromEnv({})).toBeUndefined();
  });

  test('defaults: namespace default, task queue credit-cases, plain TCP', () => {
    expect(temporalConfigFromEnv({ TEMPORAL_ADDRESS: 'localhost:7233' })).toEqual({
      address: 'localhost:7233',
      namespace: 'default',
      taskQueue: 'credit-cases',
      tls: undefined,
      apiKey: undefined,
    });
  });

  test('an API key implies TLS', () => {
    const config = temporalConfigFromEnv({ TEMPORAL_ADDRESS: 'x.tmprl.cloud:7233', TEMPORAL_API_KEY: 'k' });
    expect(config).toMatchObject({ tls: true, apiKey: 'k' });
  });

  test('a client certificate without its key is refused', () => {
    expect(() =>
      temporalConfigFromEnv({ TEMPORAL_ADDRESS: 'a:1', TEMPORAL_TLS_CERT_PATH: '/c.pem' }),
    ).toThrow(/set together/);
  });
});

describe('client errors become engine errors', () => {
  test('already started → WorkflowIdConflictError', () => {
    const err = new WorkflowExecutionAlreadyStartedError('already started', 'case-1', 'deadlineCase');
    expect(toEngineError('case-1', err)).toEqual(new WorkflowIdConflictError('case-1'));
  });

  test('not found → WorkflowNotFoundError', () => {
    const err = new ClientWorkflowNotFoundError('workflow not found', 'case-1', undefined);
    expect(toEngineError('case-1', err)).toBeInstanceOf(WorkflowNotFoundError);
  });

  test('update failed with an ApplicationFailure → UpdateRejectedError with its type, message, details', () => {
    const cause = ApplicationFailure.create({
      type: 'NotOpen',
      message: 'the case is decided',
      details: [{ stage: 'decided' }],
    });
    const mapped = toEngineError('case-1', new WorkflowUpdateFailedError('Workflow Update failed', cause));
    expect(mapped).toEqual(new UpdateRejectedError('NotOpen', 'the case is decided', [{ stage: 'decided' }]));
  });

  test('anything else passes through', () => {
    const err = new Error('connection reset');
    expect(toEngineError('case-1', err)).toBe(err);
  });
});
