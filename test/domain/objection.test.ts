import { workingDays } from '../../domain/calendar';
import {
  allowedActions,
  applyAction,
  breachEffects,
  openObjection,
  refusal,
  type ObjectionCase,
} from '../../domain/cases/objection';
import type { ActionRequest, Actor } from '../../domain/cases/types';
import { policyFor } from '../../domain/policy';
import { objectionInput, TEST_CLERK } from '../support/objection-input';

const xiamen = policyFor('xiamen');
const clerk: Actor = TEST_CLERK;
const providerA: Actor = { role: 'provider', userId: 'demo-provider-a', unitId: 'unit-a' };
const providerB: Actor = { role: 'provider', userId: 'demo-provider-b', unitId: 'unit-b' };
const supervisor: Actor = { role: 'supervisor', userId: 'demo-supervisor', unitId: null };

const input = objectionInput('obj-test', 'rec-000001', '2026-09-30T02:00:00.000Z');

const req = (action: string, actor: Actor, body: Record<string, unknown> = {}): ActionRequest => ({
  action,
  actor,
  body,
});

function act(c: ObjectionCase, r: ActionRequest, at = '2026-10-08T02:00:00.000Z') {
  expect(refusal(c, r, xiamen)).toBeNull();
  return applyAction(c, r, at, xiamen);
}

const opened = () => openObjection(input, xiamen).next;
const verifying = () => act(opened(), req('forward', clerk)).next;
const processing = (body = { correction: 'correct', content: { penalty: '已撤销' }, reason: '核实有误' }) =>
  act(verifying(), req('uphold', providerA, body)).next;

describe('objection machine (厦门办法第二十四～二十六条)', () => {
  test('厦门办法第二十六条: accepting the objection annotates the record at once; compare has 2 working days', () => {
    const { next, effects } = openObjection(input, xiamen);
    expect(effects).toEqual([{ type: 'annotateRecord', recordId: 'rec-000001' }]);
    expect(next.state).toBe('compare');
    expect(next.stages).toEqual([
      expect.objectContaining({ name: 'compare', period: workingDays(2), startedAt: input.acceptedAt }),
    ]);
  });

  test('厦门办法第二十五条: forward opens a verification task for the provider unit with 6 working days', () => {
    const { next, effects } = act(opened(), req('forward', clerk));
    expect(next.state).toBe('verify');
    expect(next.stages[1]).toMatchObject({
      name: 'verify',
      period: workingDays(6),
      startedAt: '2026-10-08T02:00:00.000Z',
    });
    expect(effects).toContainEqual({
      type: 'openTask',
      kind: 'verify',
      unitId: 'unit-a',
      stage: 'verify',
      recordId: 'rec-000001',
    });
  });

  test('compare `correct` (platform-side error): new version, annotation removed, applicant told', () => {
    const { next, effects } = act(
      opened(),
      req('correct', clerk, { content: { a: 1 }, reason: '平台转换错误' }),
    );
    expect(next).toMatchObject({ state: 'closed', outcome: 'corrected' });
    expect(effects.map((e) => e.type)).toEqual(['writeRecordVersion', 'clearAnnotation', 'notify']);
  });

  test('compare `reject`: closed as rejected, annotation removed', () => {
    const { next, effects } = act(opened(), req('reject', clerk, { reason: '不属于公共信用信息' }));
    expect(next).toMatchObject({ state: 'closed', outcome: 'rejected' });
    expect(effects).toContainEqual({ type: 'clearAnnotation', recordId: 'rec-000001' });
  });

  test('厦门办法第二十五条: process has 2 working days from the provider result', () => {
    const c = processing();
    expect(c.state).toBe('process');
    expect(c.stages[2]).toMatchObject({ name: 'process', period: workingDays(2) });
  });

  test.each([
    ['correct', 'corrected', 'writeRecordVersion'],
    ['supplement', 'supplemented', 'writeRecordVersion'],
    ['delete', 'deleted', 'markRecordDeleted'],
  ])('upheld with %s → process applies it (%s)', (correction, outcome, effect) => {
    const c = processing({ correction, content: { penalty: '补充' }, reason: '核实' });
    const { next, effects } = act(c, req('process', clerk));
    expect(next).toMatchObject({ state: 'closed', outcome });
    expect(effects.map((e) => e.type)).toEqual([effect, 'clearAnnotation', 'notify']);
  });

  test('dismissed → the record is kept and the applicant is told why', () => {
    const c = act(verifying(), req('dismiss', providerA, { reason: '信息准确' })).next;
    const { next, effects } = act(c, req('process', clerk));
    expect(next.outcome).toBe('kept');
    expect(effects.map((e) => e.type)).toEqual(['clearAnnotation', 'notify']);
  });

  test('厦门办法第二十六条: provider overdue suspends the record; its result lifts the suspension', () => {
    const c = verifying();
    const breach = breachEffects(c, c.stages[1], '2026-10-15T00:00:00.000+08:00', xiamen);
    expect(breach.effects).toEqual([{ type: 'suspendRecord', recordId: c.input.recordId }]);
    expect(breach.next.suspended).toBe(true);
    const { next, effects } = act(breach.next, req('dismiss', providerA, { reason: '信息准确' }));
    expect(next.suspended).toBe(false);
    expect(effects).toContainEqual({ type: 'unsuspendRecord', recordId: c.input.recordId });
  });

  test('a compare or process breach does not suspend the record', () => {
    const c = opened();
    expect(breachEffects(c, c.stages[0], '2026-10-03T00:00:00.000+08:00', xiamen).effects).toEqual([]);
  });

  test.each([
    ['compare', opened],
    ['verify', verifying],
    ['process', () => processing()],
  ])('withdraw at %s closes the case and removes the annotation', (_stage, build) => {
    const { next, effects } = act(build(), req('withdraw', clerk, { reason: '申请人撤回' }));
    expect(next).toMatchObject({ state: 'closed', outcome: 'withdrawn' });
    expect(effects).toContainEqual({ type: 'clearAnnotation', recordId: 'rec-000001' });
  });

  test('withdraw during verify cancels the provider task', () => {
    const { effects } = act(verifying(), req('withdraw', clerk));
    expect(effects).toContainEqual({ type: 'closeTask', stage: 'verify', status: 'cancelled' });
  });

  test('pause and resume record the pause on the open stage (天津办法第十二条 excluded time)', () => {
    const tianjin = policyFor('tianjin');
    const c = openObjection({ ...input, profile: 'tianjin' }, tianjin).next;
    const pauseReq = req('pause', clerk, { reason: '专家评审' });
    expect(refusal(c, pauseReq, tianjin)).toBeNull();
    const paused = applyAction(c, pauseReq, '2026-09-30T03:00:00.000Z', tianjin).next;
    expect(paused.stages[0].pauses).toEqual([
      { from: '2026-09-30T03:00:00.000Z', to: null, reason: '专家评审' },
    ]);
    expect(allowedActions(paused, tianjin)).toContain('resume');
    const resumed = applyAction(paused, req('resume', clerk), '2026-10-09T03:00:00.000Z', tianjin).next;
    expect(resumed.stages[0].pauses[0].to).toBe('2026-10-09T03:00:00.000Z');
    // Completing a stage ends a pause still open on it.
    const forwarded = applyAction(paused, req('forward', clerk), '2026-10-09T04:00:00.000Z', tianjin).next;
    expect(forwarded.stages[0].pauses[0].to).toBe('2026-10-09T04:00:00.000Z');
  });

  describe('refusals never change anything', () => {
    test.each([
      ['a provider forwarding', () => opened(), req('forward', providerA), 'forbidden'],
      ['a supervisor withdrawing', () => opened(), req('withdraw', supervisor), 'forbidden'],
      ['a clerk verifying', () => verifying(), req('dismiss', clerk, { reason: 'x' }), 'forbidden'],
      ['another unit verifying', () => verifying(), req('dismiss', providerB, { reason: 'x' }), 'not-found'],
      ['process during compare', () => opened(), req('process', clerk), 'not-allowed'],
      ['forward during verify', () => verifying(), req('forward', clerk), 'not-allowed'],
      [
        'uphold without content',
        () => verifying(),
        req('uphold', providerA, { correction: 'correct', reason: 'x' }),
        'invalid',
      ],
      ['reject without reason', () => opened(), req('reject', clerk, {}), 'invalid'],
      ['resume when not paused', () => opened(), req('resume', clerk), 'not-allowed'],
      ['an unknown action', () => opened(), req('approve', clerk), 'not-found'],
    ])('%s', (_name, build, r, kind) => {
      const c = build();
      const before = JSON.stringify(c);
      const refused = refusal(c, r, xiamen);
      expect(refused).toMatchObject({ kind, state: c.state });
      expect(JSON.stringify(c)).toBe(before);
    });

    test('409 names the state and the actions allowed in it', () => {
      expect(refusal(opened(), req('process', clerk), xiamen)).toMatchObject({
        kind: 'not-allowed',
        state: 'compare',
        allowedActions: ['forward', 'correct', 'reject', 'withdraw'],
      });
    });

    test('a closed case allows nothing', () => {
      const closed = act(opened(), req('withdraw', clerk)).next;
      expect(allowedActions(closed, xiamen)).toEqual([]);
      expect(refusal(closed, req('withdraw', clerk), xiamen)).toMatchObject({
        kind: 'not-allowed',
        state: 'closed',
      });
    });

    test.each(['xiamen', 'wuhan'] as const)(
      'a profile whose text excludes no time refuses pause (%s)',
      (id) => {
        const policy = policyFor(id);
        const c = openObjection({ ...input, profile: id }, policy).next;
        expect(refusal(c, req('pause', clerk, { reason: 'x' }), policy)).toMatchObject({
          kind: 'not-allowed',
        });
      },
    );

    test('厦门办法第十五条: a correction may not carry data the platform must never collect', () => {
      const r = refusal(
        opened(),
        req('correct', clerk, { content: { owner: { 血型: 'A' } }, reason: 'x' }),
        xiamen,
      );
      expect(r).toMatchObject({ kind: 'invalid', field: 'content.owner.血型' });
    });

    test('厦门办法第十五条: a person’s income needs the consent recorded with the record', () => {
      const person = { ...input, subject: { kind: 'person' as const, consentRecorded: false } };
      const c = applyAction(
        openObjection(person, xiamen).next,
        req('forward', clerk),
        '2026-09-30T03:00:00.000Z',
        xiamen,
      ).next;
      const body = { correction: 'supplement', content: { income: 1 }, reason: 'x' };
      expect(refusal(c, req('uphold', providerA, body), xiamen)).toMatchObject({
        kind: 'invalid',
        field: 'content.income',
      });
    });

    test('record content must be an object, not text', () => {
      const r = refusal(opened(), req('correct', clerk, { content: 'just text', reason: 'x' }), xiamen);
      expect(r).toMatchObject({ kind: 'invalid', field: 'content' });
    });

    test('the record’s own unit sees a case forwarded elsewhere, but may not verify it (403)', () => {
      const elsewhere = act(opened(), req('forward', clerk, { unitId: 'unit-b' })).next;
      expect(refusal(elsewhere, req('dismiss', providerA, { reason: 'x' }), xiamen)).toMatchObject({
        kind: 'forbidden',
      });
    });
  });
});
