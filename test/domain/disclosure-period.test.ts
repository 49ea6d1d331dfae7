import { stateCouncilArrangements } from '../../db/calendar-source';
import { WorkingCalendar } from '../../domain/calendar';
import {
  disclosurePeriod,
  disclosurePeriodEnd,
  disclosurePeriodEnded,
  minimumDisclosureEnd,
  periodEnd,
  type DisclosurePeriodInput,
} from '../../domain/disclosure-period';
import { addMonths } from '../../domain/records';

describe('厦门办法第二十八条: disclosurePeriodEnd', () => {
  test('serious dishonesty list: 5 years', () => {
    expect(disclosurePeriodEnd('2025-03-15', 'serious-dishonesty')).toBe('2030-03-15');
  });

  test('key-attention list: 1 year', () => {
    expect(disclosurePeriodEnd('2025-03-15', 'key-attention')).toBe('2026-03-15');
  });

  test('key-attention list on three or more sectors within 12 months, extended by the provider: 2 years', () => {
    expect(disclosurePeriodEnd('2025-03-15', 'key-attention', { keyAttentionExtended: true })).toBe(
      '2027-03-15',
    );
  });

  test('the extension applies to key attention only', () => {
    expect(disclosurePeriodEnd('2025-03-15', 'serious-dishonesty', { keyAttentionExtended: true })).toBe(
      '2030-03-15',
    );
  });

  test('any other dishonesty record: at least 3 months', () => {
    expect(disclosurePeriodEnd('2025-03-15', 'other-dishonesty')).toBe('2025-06-15');
    expect(minimumDisclosureEnd('2025-03-15')).toBe('2025-06-15');
  });

  test('民法典第二百零二条: without a corresponding day the period ends on the last day of the month', () => {
    expect(disclosurePeriodEnd('2025-11-30', 'other-dishonesty')).toBe('2026-02-28');
    expect(disclosurePeriodEnd('2024-02-29', 'key-attention')).toBe('2025-02-28');
    expect(disclosurePeriodEnd('2024-02-29', 'serious-dishonesty')).toBe('2029-02-28');
    expect(disclosurePeriodEnd('2023-11-30', 'other-dishonesty')).toBe('2024-02-29');
  });

  test('the record is disclosed through the last day and archived after it', () => {
    expect(disclosurePeriodEnded('2026-03-15', '2026-03-15')).toBe(false);
    expect(disclosurePeriodEnded('2026-03-15', '2026-03-16')).toBe(true);
    expect(disclosurePeriodEnded(null, '2099-01-01')).toBe(false);
  });

  test('a malformed date is refused', () => {
    expect(() => addMonths('2025-02-30', 3)).toThrow(RangeError);
    expect(() => addMonths('2025/03/01', 3)).toThrow(RangeError);
  });

  test('month arithmetic across year ends', () => {
    expect(addMonths('2025-12-31', 2)).toBe('2026-02-28');
    expect(addMonths('2025-10-31', 3)).toBe('2026-01-31');
  });
});

const calendar = WorkingCalendar.from(stateCouncilArrangements());
const isRestDay = (date: string) => !calendar.isWorkingDay(date);
const period = (input: Partial<DisclosurePeriodInput>) =>
  disclosurePeriod({ decidedOn: '2025-03-14', listType: 'other-dishonesty', ...input });

describe('厦门办法第二十八条: the disclosure end at collection', () => {
  test('serious-dishonesty list: 5 years; key-attention: 1 year, 2 when extended; other dishonesty: 3 months', () => {
    expect(period({ listType: 'serious-dishonesty' })).toEqual({
      ok: true,
      endsOn: '2030-03-14',
      published: true,
      article: '厦门办法第二十八条',
    });
    expect(period({ listType: 'key-attention' })).toMatchObject({ ok: true, endsOn: '2026-03-14' });
    expect(period({ listType: 'key-attention', keyAttentionExtended: true })).toMatchObject({
      endsOn: '2027-03-14',
    });
    expect(period({ listType: 'other-dishonesty' })).toMatchObject({ ok: true, endsOn: '2025-06-14' });
  });

  test('法律、法规另有规定的从其规定: the record’s own end date is kept when it is longer', () => {
    expect(period({ listType: 'key-attention', disclosureEndsOn: '2027-03-14' })).toMatchObject({
      ok: true,
      endsOn: '2027-03-14',
    });
    expect(period({ listType: 'other-dishonesty', disclosureEndsOn: '2025-09-30' })).toMatchObject({
      endsOn: '2025-09-30',
    });
  });

  test('an own end date shorter than the rule is refused, naming the article and the earliest end', () => {
    const refused = period({ listType: 'serious-dishonesty', disclosureEndsOn: '2027-03-14' });
    expect(refused).toEqual({
      ok: false,
      field: 'disclosureEndsOn',
      refusal: 'below-minimum',
      message: expect.stringMatching(/^厦门办法第二十八条: .*5 years.*2030-03-14/),
    });
    expect(period({ disclosureEndsOn: '2025-06-13' })).toMatchObject({ ok: false, refusal: 'below-minimum' });
    expect(period({ disclosureEndsOn: '2025-06-14' })).toMatchObject({ ok: true, endsOn: '2025-06-14' });
  });

  test('a malformed own end date, or one before the decision, is refused', () => {
    expect(period({ disclosureEndsOn: '2025-02-30' })).toMatchObject({ ok: false, refusal: 'not-a-date' });
    expect(period({ disclosureEndsOn: '2025-03-13' })).toMatchObject({
      ok: false,
      refusal: 'before-decision',
    });
  });

  test('positive and neutral records have no rule: their own end date or none', () => {
    expect(period({ listType: 'commendation' })).toEqual({
      ok: true,
      endsOn: null,
      published: true,
      article: null,
    });
    expect(period({ listType: 'licensing', disclosureEndsOn: '2025-04-01' })).toMatchObject({
      endsOn: '2025-04-01',
    });
  });
});

describe('国办发〔2025〕22号 二: administrative penalties by severity', () => {
  const penalty = (input: Partial<DisclosurePeriodInput>) =>
    period({ listType: 'administrative-penalty', ...input });

  test('轻微: not published unless the provider sets an end, and then at most 3 months', () => {
    expect(penalty({ severity: 'minor' })).toEqual({
      ok: true,
      endsOn: '2025-03-14',
      published: false,
      article: '国办发〔2025〕22号 二',
    });
    expect(penalty({ severity: 'minor', disclosureEndsOn: '2025-05-01' })).toMatchObject({
      endsOn: '2025-05-01',
      published: true,
    });
    expect(penalty({ severity: 'minor', disclosureEndsOn: '2025-06-15' })).toMatchObject({
      ok: false,
      refusal: 'above-maximum',
    });
  });

  test('一般: at least 3 months (the default), at most 1 year', () => {
    expect(penalty({ severity: 'general' })).toMatchObject({ ok: true, endsOn: '2025-06-14' });
    expect(penalty({ severity: 'general', disclosureEndsOn: '2026-03-14' })).toMatchObject({
      endsOn: '2026-03-14',
    });
    expect(penalty({ severity: 'general', disclosureEndsOn: '2026-03-15' })).toMatchObject({
      ok: false,
      refusal: 'above-maximum',
      message: expect.stringContaining('国办发〔2025〕22号'),
    });
    expect(penalty({ severity: 'general', disclosureEndsOn: '2025-06-13' })).toMatchObject({
      refusal: 'below-minimum',
    });
  });

  test('严重: at least 1 year (the default), at most 3 years', () => {
    expect(penalty({ severity: 'serious' })).toMatchObject({ ok: true, endsOn: '2026-03-14' });
    expect(penalty({ severity: 'serious', disclosureEndsOn: '2028-03-14' })).toMatchObject({
      endsOn: '2028-03-14',
    });
    expect(penalty({ severity: 'serious', disclosureEndsOn: '2028-03-15' })).toMatchObject({
      refusal: 'above-maximum',
    });
  });

  test('a penalty needs its severity; nothing else may carry one', () => {
    expect(penalty({})).toMatchObject({ ok: false, field: 'severity', refusal: 'severity-required' });
    expect(period({ listType: 'key-attention', severity: 'serious' })).toMatchObject({
      ok: false,
      field: 'severity',
      refusal: 'severity-not-applicable',
    });
  });
});

describe('民法典第二百零三条: a period whose last day is a 法定休假日 ends the day after the holiday', () => {
  test('the 2025 National Day holiday (10-01…10-08): 3 months from 2025-07-01 end on 2025-10-09', () => {
    expect(periodEnd('2025-07-01', 3)).toBe('2025-10-01');
    expect(periodEnd('2025-07-01', 3, isRestDay)).toBe('2025-10-09');
    expect(period({ decidedOn: '2025-07-01', isRestDay })).toMatchObject({ endsOn: '2025-10-09' });
  });

  test('a Sunday moves to Monday; an adjusted working Saturday (调休) is not a rest day', () => {
    expect(periodEnd('2025-03-15', 12, isRestDay)).toBe('2026-03-16'); // 2026-03-15 is a Sunday
    expect(periodEnd('2025-07-11', 3, isRestDay)).toBe('2025-10-11'); // 2025-10-11 is worked (调休)
  });

  test('the minimum is the law’s period: an own date on the unextended last day is still accepted', () => {
    expect(period({ decidedOn: '2025-07-01', isRestDay, disclosureEndsOn: '2025-10-01' })).toMatchObject({
      ok: true,
      endsOn: '2025-10-09',
    });
  });
});
