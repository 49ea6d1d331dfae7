import { stateCouncilArrangements } from '../../db/calendar-source';
import { WorkingCalendar } from '../../domain/calendar';
import { checkAction } from '../../domain/cases/refusal';
import {
  applyRepair,
  openRepair,
  repairEligibleOn,
  repairRefusal,
  type RepairCase,
  type RepairInput,
  type RepairableRecord,
} from '../../domain/cases/repair';
import { repairType } from '../../domain/cases/repair-type';
import { climbRung } from '../../domain/cases/escalation';
import { openStageOf } from '../../domain/cases/stages';
import type { ActionRequest, Actor } from '../../domain/cases/types';
import { policyFor } from '../../domain/policy';
import { TEST_APPLICANT, TEST_CLERK } from '../support/objection-input';
import { PLAIN_FLAGS } from '../support/record-flags';

const calendar = WorkingCalendar.from(stateCouncilArrangements());
const xiamen = policyFor('xiamen');
const wuhan = policyFor('wuhan');
const clerk: Actor = TEST_CLERK;
const providerA: Actor = { role: 'provider', userId: 'demo-provider-a', unitId: 'unit-a' };
const providerB: Actor = { role: 'provider', userId: 'demo-provider-b', unitId: 'unit-b' };

const input: RepairInput = {
  caseId: 'rep-test',
  profile: 'xiamen',
  recordId: 'rec-000001',
  providerUnitId: 'unit-a',
  applicant: TEST_APPLICANT,
  basis: 'commitment',
  commitment: '本单位承诺依法诚信经营',
  evidence: ['罚款缴纳凭证'],
  acceptedAt: '2026-09-30T02:00:00.000Z',
  acceptedBy: clerk,
};
const req = (action: string, actor: Actor, body: Record<string, unknown> = {}): ActionRequest => ({
  action,
  actor,
  body,
});
const facts = (c: RepairCase) => ({
  state: c.state,
  allowedActions: repairType.machine.allowedActions(c, xiamen),
  units: repairType.machine.units(c),
  actingUnitId: openStageOf(c.stages)?.unitId ?? null,
});
function act(c: RepairCase, r: ActionRequest, at = '2026-10-09T02:00:00.000Z') {
  expect(checkAction(repairType, facts(c), r)).toMatchObject({ ok: true });
  return applyRepair(c, r, at, xiamen);
}
const opened = () => openRepair(input, xiamen).next;
const reviewing = () => act(opened(), req('accept', clerk)).next;

describe('repair machine (厦门办法第二十三条; 南通办法第十六～十七条; 国家发展改革委令第36号)', () => {
  test('RULES.md (design, national measures): filing opens accept, 3 working days for the credit center; nothing touches the record', () => {
    const { next, effects } = openRepair(input, xiamen);
    expect(next.state).toBe('accept');
    expect(next.stages[0]).toMatchObject({
      name: 'accept',
      period: { unit: 'working-days', count: 3 },
      unitId: null,
    });
    expect(effects).toEqual([]);
  });

  test('谁认定、谁修复 (令第36号): accepting opens review, 7 working days, in the provider unit’s inbox', () => {
    const { next, effects } = act(opened(), req('accept', clerk));
    expect(next.state).toBe('review');
    expect(openStageOf(next.stages)).toMatchObject({
      name: 'review',
      unitId: 'unit-a',
      period: { count: 7 },
    });
    expect(effects).toContainEqual({
      type: 'openTask',
      kind: 'repair-review',
      unitId: 'unit-a',
      stage: 'review',
      recordId: 'rec-000001',
    });
    expect(effects).toContainEqual(
      expect.objectContaining({ type: 'notify', recipient: 'provider', unitId: 'unit-a' }),
    );
  });

  test('厦门办法第二十三条: the clerk refuses at acceptance, with the reason to the applicant', () => {
    const { next, effects } = act(opened(), req('refuse', clerk, { reason: '材料不全' }));
    expect(next).toMatchObject({ state: 'closed', outcome: 'refused', decision: { reason: '材料不全' } });
    expect(effects).toEqual([
      { type: 'releaseRepairClaim', recordId: 'rec-000001' },
      expect.objectContaining({
        type: 'notify',
        recipient: 'applicant',
        payload: { outcome: 'refused', reason: '材料不全' },
      }),
    ]);
  });

  test('南通办法第十七条: approved, the record is marked repaired (never deleted); provider and applicant told', () => {
    const { next, effects } = act(reviewing(), req('approve', providerA, { reason: '已履行处罚决定' }));
    expect(next).toMatchObject({ state: 'closed', outcome: 'repaired' });
    expect(effects.map((e) => e.type)).toEqual([
      'closeTask',
      'markRecordRepaired',
      'notify',
      'releaseRepairClaim',
      'notify',
    ]);
    expect(effects).not.toContainEqual(expect.objectContaining({ type: 'markRecordDeleted' }));
    expect(
      effects.filter((e) => e.type === 'notify').map((e) => (e as { recipient: string }).recipient),
    ).toEqual(['provider', 'applicant']);
  });

  test('令第36号: the provider unit denies, with its reason; the record stays', () => {
    const { next, effects } = act(reviewing(), req('deny', providerA, { reason: '未完成整改' }));
    expect(next.outcome).toBe('denied');
    expect(effects.map((e) => e.type)).toEqual(['closeTask', 'releaseRepairClaim', 'notify']);
  });

  test('only the record’s provider unit reviews; a clerk may not approve; a provider may not accept', () => {
    const c = reviewing();
    expect(checkAction(repairType, facts(c), req('approve', providerB, { reason: 'x' }))).toMatchObject({
      ok: false,
      refusal: { kind: 'not-found' },
    });
    expect(checkAction(repairType, facts(c), req('approve', clerk, { reason: 'x' }))).toMatchObject({
      ok: false,
      refusal: { kind: 'forbidden' },
    });
    expect(
      checkAction(repairType, facts(opened()), req('approve', providerA, { reason: 'x' })),
    ).toMatchObject({ ok: false, refusal: { kind: 'not-allowed' } });
    expect(checkAction(repairType, facts(opened()), req('refuse', clerk, {}))).toMatchObject({
      ok: false,
      refusal: { kind: 'invalid', field: 'reason' },
    });
  });

  test('API.md: withdraw in any open stage; in review the provider’s task is cancelled', () => {
    expect(act(opened(), req('withdraw', clerk)).next.outcome).toBe('withdrawn');
    const { next, effects } = act(reviewing(), req('withdraw', clerk, { reason: '申请人撤回' }));
    expect(next.outcome).toBe('withdrawn');
    expect(effects[0]).toEqual({ type: 'closeTask', stage: 'review', status: 'cancelled' });
  });

  test('a breach is recorded and escalated by the platform; it changes nothing in the record', () => {
    const c = reviewing();
    const stage = openStageOf(c.stages)!;
    const rung = { name: 'breach', kind: 'breach' as const, at: '2026-10-30T00:00:00.000Z', index: 0 };
    const { effects } = climbRung(repairType.machine, c, stage, rung, rung.at, calendar, xiamen);
    expect(effects.map((e) => e.type)).toEqual(['recordBreach', 'notify', 'notify']);
  });
});

describe('repair filing refusals (厦门办法第二十三条、第二十八条; 国办发〔2025〕22号)', () => {
  const flags = PLAIN_FLAGS;
  const record = (over: Partial<RepairableRecord> = {}): RepairableRecord => ({
    category: 'dishonesty',
    decidedOn: '2026-05-01',
    disclosureEndsOn: '2027-05-01',
    flags,
    severity: null,
    repairForbidden: false,
    ...over,
  });
  const today = '2026-09-30';

  test('第二十三条: a record that is not a dishonesty record is 422', () => {
    expect(repairRefusal(record({ category: 'positive' }), xiamen.repair, today)).toMatchObject({
      status: 422,
      code: 'not-dishonesty',
    });
  });
  test.each([
    ['archived (第二十八条)', { flags: { ...flags, archived: true } }, 'archived'],
    ['repaired', { flags: { ...flags, repaired: true } }, 'repaired'],
    ['deleted', { flags: { ...flags, deleted: true } }, 'deleted'],
    ['pending its notice (第十三条)', { flags: { ...flags, pendingNotice: true } }, 'pending-notice'],
    ['expired (第二十八条)', { disclosureEndsOn: '2026-09-29' }, 'expired'],
    ['forbidden by law (令第36号)', { repairForbidden: true }, 'forbidden-by-law'],
  ])('%s is 409', (_, over, code) => {
    expect(repairRefusal(record(over as Partial<RepairableRecord>), xiamen.repair, today)).toMatchObject({
      status: 409,
      code,
    });
  });
  test('厦门办法第二十八条: three months for any dishonesty record; eligible the day after (民法典第二百零二条)', () => {
    expect(repairEligibleOn({ decidedOn: '2026-07-15', severity: null }, xiamen.repair)).toBe('2026-10-16');
    expect(repairRefusal(record({ decidedOn: '2026-07-15' }), xiamen.repair, today)).toEqual(
      expect.objectContaining({ status: 409, code: 'too-early', eligibleOn: '2026-10-16' }),
    );
    expect(repairRefusal(record({ decidedOn: '2026-06-29' }), xiamen.repair, today)).toBeNull();
    // 2025-11-30 + 3 months ends on 2026-02-28, the month's last day.
    expect(repairEligibleOn({ decidedOn: '2025-11-30', severity: null }, xiamen.repair)).toBe('2026-03-01');
  });
  test('国办发〔2025〕22号 §二: 轻微 at once, 一般 3 months, 严重 1 year (Wuhan: the national rule alone); Xiamen keeps its 3-month floor', () => {
    expect(repairEligibleOn({ decidedOn: '2026-09-30', severity: 'minor' }, wuhan.repair)).toBe('2026-09-30');
    expect(repairEligibleOn({ decidedOn: '2026-09-30', severity: 'general' }, wuhan.repair)).toBe(
      '2026-12-31',
    );
    expect(repairEligibleOn({ decidedOn: '2026-09-30', severity: 'serious' }, wuhan.repair)).toBe(
      '2027-10-01',
    );
    expect(repairEligibleOn({ decidedOn: '2026-09-30', severity: 'minor' }, xiamen.repair)).toBe(
      '2026-12-31',
    );
    expect(repairEligibleOn({ decidedOn: '2026-09-30', severity: 'serious' }, xiamen.repair)).toBe(
      '2027-10-01',
    );
  });
});
