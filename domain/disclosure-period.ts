/**
 * The 公示期 (disclosure period) of a record, as a pure rule: when it ends, and which end dates a provider
 * unit may set. No I/O, no clock; the rest-day calendar is an injected predicate.
 *
 * - 厦门办法第二十八条: 严重失信名单 5 years, 重点关注名单 1 year (2 when extended after listings by three or
 *   more sectors within twelve months), any dishonesty information at least 3 months; "法律、法规另有规定的
 *   从其规定" — a record's own, longer end date is kept.
 * - 国办发〔2025〕22号 二 (administrative penalties, by severity): 轻微 may be left unpublished, at most 3
 *   months; 一般 at least 3 months, at most 1 year; 严重 at least 1 year, at most 3 years.
 * - Counting (民法典第二百零一～二百零三条): the decision day is not counted; a period in months or years
 *   ends on the corresponding day of the last month, or that month's last day when it has none
 *   (2025-11-30 + 3 months → 2026-02-28); when the last day falls on a 法定休假日, the day after the holiday
 *   ends is the last day. The record is disclosed through its last day and archived after it.
 */
import { formatDate, parseDate } from './calendar/day-number';
import {
  addMonths,
  isCalendarDate,
  isDishonestyListType,
  type DishonestyListType,
  type ListType,
} from './records';

/** 行政处罚 severity (国办发〔2025〕22号 二): 轻微 / 一般 / 严重. */
export type PenaltySeverity = 'minor' | 'general' | 'serious';
export const PENALTY_SEVERITIES: readonly PenaltySeverity[] = ['minor', 'general', 'serious'];

/** 第二十八条: the minimum disclosure period of any dishonesty record. */
export const MINIMUM_DISCLOSURE_MONTHS = 3;

export const XIAMEN_ARTICLE_28 = '厦门办法第二十八条';
export const PENALTY_PERIODS_ARTICLE = '国办发〔2025〕22号 二';

/** How long a kind of record is disclosed, in months from the decision day. */
export interface PeriodRule {
  /** The period when the provider gives no end date; 0 = not published (轻微 penalties). */
  defaultMonths: number;
  /** The shortest period the provider may set. */
  minimumMonths: number;
  /** The longest, or null when only a law can say (then any longer own date is kept). */
  maximumMonths: number | null;
  article: string;
}

const PENALTY_RULES: { readonly [S in PenaltySeverity]: PeriodRule } = {
  minor: { defaultMonths: 0, minimumMonths: 0, maximumMonths: 3, article: PENALTY_PERIODS_ARTICLE },
  general: { defaultMonths: 3, minimumMonths: 3, maximumMonths: 12, article: PENALTY_PERIODS_ARTICLE },
  serious: { defaultMonths: 12, minimumMonths: 12, maximumMonths: 36, article: PENALTY_PERIODS_ARTICLE },
};

/** Whether a list type's period depends on a penalty severity (and so needs one). */
export function needsSeverity(listType: string): boolean {
  return listType === 'administrative-penalty';
}

export interface DisclosurePeriodOptions {
  /**
   * 第二十八条: on key-attention lists of three or more sectors within twelve months, the provider unit is
   * reminded to extend the period to two years. Whether it did is the provider's decision, hence an input.
   */
  keyAttentionExtended?: boolean;
}

/** The period rule of a dishonesty list type (with the severity of an administrative penalty). */
export function periodRule(
  listType: DishonestyListType,
  severity: PenaltySeverity | null,
  options: DisclosurePeriodOptions = {},
): PeriodRule {
  const article = XIAMEN_ARTICLE_28;
  switch (listType) {
    case 'serious-dishonesty':
      return { defaultMonths: 60, minimumMonths: 60, maximumMonths: null, article };
    case 'key-attention': {
      const months = options.keyAttentionExtended ? 24 : 12;
      return { defaultMonths: months, minimumMonths: months, maximumMonths: null, article };
    }
    case 'other-dishonesty':
      return {
        defaultMonths: MINIMUM_DISCLOSURE_MONTHS,
        minimumMonths: MINIMUM_DISCLOSURE_MONTHS,
        maximumMonths: null,
        article,
      };
    case 'administrative-penalty':
      if (severity === null) throw new RangeError('an administrative penalty needs its severity');
      return PENALTY_RULES[severity];
  }
}

/** Whether a date is a 法定休假日 (a rest day: statutory holiday or weekend not worked). */
export type RestDayPredicate = (date: string) => boolean;

/**
 * 民法典第二百零一、二百零二条: the last day of a period of `months` months from `decidedOn`; with
 * `isRestDay`, 第二百零三条 moves a last day that is a 法定休假日 to the day after the holiday ends.
 */
export function periodEnd(decidedOn: string, months: number, isRestDay?: RestDayPredicate): string {
  let end = addMonths(decidedOn, months);
  if (!isRestDay) return end;
  // The longest run of rest days in the calendar is about nine days (Spring Festival with weekends).
  for (let i = 0; i < 366 && isRestDay(end); i++) end = nextDay(end);
  return end;
}

export interface DisclosurePeriodInput extends DisclosurePeriodOptions {
  decidedOn: string;
  listType: ListType;
  /** Required for administrative penalties, refused for anything else. */
  severity?: PenaltySeverity | null;
  /** The end date the provider unit set, if any. */
  disclosureEndsOn?: string | null;
  isRestDay?: RestDayPredicate;
}

export type DisclosurePeriodRefusal =
  | 'not-a-date' // disclosureEndsOn is not YYYY-MM-DD
  | 'before-decision' // disclosureEndsOn before decidedOn
  | 'below-minimum' // shorter than the rule allows
  | 'above-maximum' // longer than the rule allows (penalties)
  | 'severity-required' // an administrative penalty without severity
  | 'severity-not-applicable'; // severity on anything else

export type DisclosurePeriod =
  | {
      ok: true;
      /** The last day the record is disclosed; null: no end (positive and neutral records without one). */
      endsOn: string | null;
      /** False for a record the rule leaves unpublished (轻微 penalty, no end date given). */
      published: boolean;
      /** The article the end date rests on, or null when it is the provider's own date on a non-dishonesty record. */
      article: string | null;
    }
  | {
      ok: false;
      field: 'disclosureEndsOn' | 'severity';
      refusal: DisclosurePeriodRefusal;
      message: string;
    };

/**
 * The disclosure end of a record at collection: the rule's period from `decidedOn`, or the provider's own
 * `disclosureEndsOn` when that is longer (and within any maximum). An own date shorter than the rule's
 * minimum is refused rather than silently lengthened, so the provider sees what the rule requires.
 */
export function disclosurePeriod(input: DisclosurePeriodInput): DisclosurePeriod {
  const own = input.disclosureEndsOn ?? null;
  const severity = input.severity ?? null;
  if (own !== null && !isCalendarDate(own)) {
    return refuse('disclosureEndsOn', 'not-a-date', 'disclosureEndsOn must be a YYYY-MM-DD date');
  }
  if (own !== null && own < input.decidedOn) {
    return refuse('disclosureEndsOn', 'before-decision', 'disclosureEndsOn is before decidedOn');
  }
  if (needsSeverity(input.listType) && severity === null) {
    return refuse(
      'severity',
      'severity-required',
      `${PENALTY_PERIODS_ARTICLE}: an administrative penalty's period depends on its severity (minor, general, serious)`,
    );
  }
  if (!needsSeverity(input.listType) && severity !== null) {
    return refuse('severity', 'severity-not-applicable', 'severity applies to administrative penalties only');
  }
  if (!isDishonestyListType(input.listType)) return { ok: true, endsOn: own, published: true, article: null };

  const rule = periodRule(input.listType, severity, input);
  const minimumEnd = addMonths(input.decidedOn, rule.minimumMonths);
  const maximumEnd =
    rule.maximumMonths === null ? null : periodEnd(input.decidedOn, rule.maximumMonths, input.isRestDay);
  if (own !== null && own < minimumEnd) {
    return refuse(
      'disclosureEndsOn',
      'below-minimum',
      `${rule.article}: disclosed at least ${months(rule.minimumMonths)}, until ${minimumEnd} or later`,
    );
  }
  if (own !== null && maximumEnd !== null && own > maximumEnd) {
    return refuse(
      'disclosureEndsOn',
      'above-maximum',
      `${rule.article}: disclosed at most ${months(rule.maximumMonths!)}, until ${maximumEnd} at the latest`,
    );
  }
  if (rule.defaultMonths === 0 && own === null) {
    // 轻微: may be left unpublished; the period ends the day it was decided.
    return { ok: true, endsOn: input.decidedOn, published: false, article: rule.article };
  }
  const ruleEnd = periodEnd(input.decidedOn, rule.defaultMonths, input.isRestDay);
  const endsOn = own !== null && own > ruleEnd ? own : ruleEnd;
  return { ok: true, endsOn, published: true, article: rule.article };
}

/**
 * The last day of a dishonesty record's 公示期 under the rule alone (第二十八条), without a provider's own
 * date: serious dishonesty 5 years, key attention 1 year (2 when extended), any other dishonesty the
 * 3-month minimum. 2025-03-15 + 1 year ends on 2026-03-15.
 */
export function disclosurePeriodEnd(
  decidedOn: string,
  listType: Exclude<DishonestyListType, 'administrative-penalty'>,
  options: DisclosurePeriodOptions = {},
): string {
  return addMonths(decidedOn, periodRule(listType, null, options).defaultMonths);
}

/** The earliest day a dishonesty record's 公示期 may end (第二十八条: 至少为三个月). */
export function minimumDisclosureEnd(decidedOn: string): string {
  return addMonths(decidedOn, MINIMUM_DISCLOSURE_MONTHS);
}

/** True once `today` is past the last day of the period: time to archive (第二十八条第二款). */
export function disclosurePeriodEnded(disclosureEndsOn: string | null, today: string): boolean {
  return disclosureEndsOn !== null && today > disclosureEndsOn;
}

function refuse(
  field: 'disclosureEndsOn' | 'severity',
  refusal: DisclosurePeriodRefusal,
  message: string,
): DisclosurePeriod {
  return { ok: false, field, refusal, message };
}

function months(n: number): string {
  return n % 12 === 0 ? `${n / 12} year${n === 12 ? '' : 's'}` : `${n} months`;
}

function nextDay(date: string): string {
  return formatDate(parseDate(date) + 1);
}
