import type { coresdk } from '@temporalio/proto';
import { inCoreOrder, takeActivationJobs, type JobKind } from '../../engine/in-process/jobs';

type Job = coresdk.workflow_activation.IWorkflowActivationJob;
const queued = (...kinds: JobKind[]) => kinds.map((kind) => ({ kind, make: (): Job => ({}) }));
const kinds = (items: { kind: JobKind }[]) => items.map((i) => i.kind);

describe('grouping queued jobs into activations, as Core does', () => {
  test('everything queued before the next query goes into one activation; a query goes alone', () => {
    const queue = queued('resolution', 'message', 'resolution', 'query', 'message');
    expect(kinds(takeActivationJobs(queue))).toEqual(['resolution', 'message', 'resolution']);
    expect(kinds(takeActivationJobs(queue))).toEqual(['query']);
    expect(kinds(takeActivationJobs(queue))).toEqual(['message']);
    expect(takeActivationJobs(queue)).toEqual([]);
  });

  test('initializeWorkflow shares its activation only with signals and updates', () => {
    const queue = queued('initialize', 'message', 'message', 'resolution', 'message');
    expect(kinds(takeActivationJobs(queue))).toEqual(['initialize', 'message', 'message']);
    expect(kinds(takeActivationJobs(queue))).toEqual(['resolution', 'message']);
  });

  test("a local activity's resolution goes alone: it continues its workflow task", () => {
    const queue = queued('local', 'message', 'resolution');
    expect(kinds(takeActivationJobs(queue))).toEqual(['local']);
    expect(kinds(takeActivationJobs(queue))).toEqual(['message', 'resolution']);
  });

  test('inside one activation: initialize, patches, seed, signals and updates, then resolutions', () => {
    const jobs: Job[] = [
      { fireTimer: { seq: 1 } },
      { resolveActivity: { seq: 2 } },
      { signalWorkflow: { signalName: 'a' } },
      { doUpdate: { id: 'u' } },
      { signalWorkflow: { signalName: 'b' } },
      { notifyHasPatch: { patchId: 'p' } },
      { initializeWorkflow: {} },
    ];
    expect(inCoreOrder(jobs).map((j) => Object.keys(j)[0] + (j.signalWorkflow?.signalName ?? ''))).toEqual([
      'initializeWorkflow',
      'notifyHasPatch',
      'signalWorkflowa',
      'doUpdate',
      'signalWorkflowb',
      'fireTimer',
      'resolveActivity',
    ]);
  });
});
