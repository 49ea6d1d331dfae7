import {
  applyNonDisclosure,
  nonDisclosureProblems,
  openNonDisclosure,
  type NonDisclosureInput,
} from '../../domain/cases/non-disclosure';
import { nonDisclosureType } from '../../domain/cases/non-disclosure-type';
import { checkAction } from '../../domain/cases/refusal';
import type { ActionRequest, Actor } from '../../domain/cases/types';
import { policyFor } from '../../domain/policy';
import { TEST_APPLICANT, TEST_CLERK } from '../support/objection-input';

const xiamen = policyFor('xiamen');
const wuhan = policyFor('wuhan');
const clerk: Actor = TEST_CLERK;
const input: NonDisclosureInput = {
  caseId: 'ndc-test',
  profile: 'xiamen',
  subjectId: 'S1',
  records: [
    { recordId: 'r1', providerUnitId: 'unit-a' },
    { recordId: 'r2', providerUnitId: 'unit-a' },
    { recordId: 'r3', providerUnitId: 'unit-b' },
  ],
  applicant: TEST_APPLICANT,
  acceptedAt: '2026-09-30T02:00:00.000Z',
  acceptedBy: clerk,
};
const req = (action: string, actor: Actor, body: Record<string, unknown> = {}): ActionRequest => ({
  action,
  actor,
  body,
});

describe('non-disclosure machine (厦门办法第二十七条; 武汉办法第二十九条)', () => {
  test('厦门办法第二十七条: review has 5 working days from acceptance (Wuhan 第二十九条: 2)', () => {
    expect(openNonDisclosure(input, xiamen).next.stages[0]).toMatchObject({
      name: 'review',
      unitId: null,
      period: { unit: 'working-days', count: 5 },
    });
    expect(openNonDisclosure(input, wuhan).next.stages[0].period.count).toBe(2);
  });

  test('厦门办法第二十七条: approved, every record is not provided and archived; each provider unit told once', () => {
    const { next, effects } = applyNonDisclosure(
      openNonDisclosure(input, xiamen).next,
      req('approve', clerk),
      '2026-10-08T02:00:00.000Z',
      xiamen,
    );
    expect(next).toMatchObject({ state: 'closed', outcome: 'archived' });
    for (const id of ['r1', 'r2', 'r3']) {
      expect(effects).toContainEqual({ type: 'markRecordNonDisclosed', recordId: id });
      expect(effects).toContainEqual({ type: 'markRecordArchived', recordId: id });
    }
    expect(effects.some((e) => e.type === 'markRecordDeleted')).toBe(false);
    const providers = effects.filter((e) => e.type === 'notify' && e.recipient === 'provider');
    expect(providers).toEqual([
      expect.objectContaining({ unitId: 'unit-a', payload: { unitRecordIds: ['r1', 'r2'] } }),
      expect.objectContaining({ unitId: 'unit-b', payload: { unitRecordIds: ['r3'] } }),
    ]);
  });

  test('武汉办法第二十九条: approved, the records are also marked deleted (never removed)', () => {
    const { effects } = applyNonDisclosure(
      openNonDisclosure(input, wuhan).next,
      req('approve', clerk),
      '2026-10-08T02:00:00.000Z',
      wuhan,
    );
    expect(effects).toContainEqual({
      type: 'markRecordDeleted',
      recordId: 'r1',
      reason: '武汉办法第二十九条',
    });
  });

  test('refuse needs a reason; withdraw closes; a provider may not decide', () => {
    const c = openNonDisclosure(input, xiamen).next;
    const facts = {
      state: c.state,
      allowedActions: nonDisclosureType.machine.allowedActions(c, xiamen),
      units: ['unit-a', 'unit-b'],
      actingUnitId: null,
    };
    expect(checkAction(nonDisclosureType, facts, req('refuse', clerk))).toMatchObject({
      ok: false,
      refusal: { kind: 'invalid' },
    });
    expect(
      checkAction(
        nonDisclosureType,
        facts,
        req('approve', { role: 'provider', userId: 'p', unitId: 'unit-a' }),
      ),
    ).toMatchObject({ ok: false, refusal: { kind: 'forbidden' } });
    expect(
      applyNonDisclosure(c, req('refuse', clerk, { reason: '非本人信息' }), c.openedAt, xiamen).next.outcome,
    ).toBe('refused');
    expect(applyNonDisclosure(c, req('withdraw', clerk), c.openedAt, xiamen).next.outcome).toBe('withdrawn');
  });

  test('厦门办法第二十七条: a record that is not positive, or not the subject’s, is refused, each named', () => {
    const records = new Map([
      ['p', { subjectId: 'S1', category: 'positive' as const }],
      ['d', { subjectId: 'S1', category: 'dishonesty' as const }],
      ['o', { subjectId: 'S2', category: 'positive' as const }],
    ]);
    expect(nonDisclosureProblems('S1', ['p', 'd', 'o', 'x'], records)).toEqual([
      { field: 'body.recordIds.1', message: expect.stringContaining('record d is dishonesty') },
      { field: 'body.recordIds.2', message: expect.stringContaining('record o is not the subject') },
      { field: 'body.recordIds.3', message: 'no record x' },
    ]);
  });
});
