/**
 * Public credit records (公共信用信息): their kinds, and how their flags decide what a query shows.
 * Pure: no I/O, no clock — "today" is always an argument.
 */

import type { SubjectKind } from './subject-id';

export type RecordCategory = 'dishonesty' | 'positive' | 'neutral';

export type DishonestyListType =
  | 'serious-dishonesty' // 严重失信名单
  | 'key-attention' // 重点关注名单
  | 'other-dishonesty' // 其他失信信息
  | 'administrative-penalty'; // 行政处罚信息 (its period depends on its severity, 国办发〔2025〕22号)

export type PositiveListType =
  | 'commendation' // 表彰奖励
  | 'volunteering' // 志愿服务
  | 'donation'; // 慈善捐赠

export type NeutralListType =
  | 'registration' // 登记注册信息
  | 'licensing' // 行政许可信息
  | 'other-neutral'; // 其他基础信息

export type ListType = DishonestyListType | PositiveListType | NeutralListType;

/** The list types each category may carry. */
export const LIST_TYPES: { readonly [C in RecordCategory]: readonly ListType[] } = {
  dishonesty: ['serious-dishonesty', 'key-attention', 'other-dishonesty', 'administrative-penalty'],
  positive: ['commendation', 'volunteering', 'donation'],
  neutral: ['registration', 'licensing', 'other-neutral'],
};

export const RECORD_CATEGORIES: readonly RecordCategory[] = ['dishonesty', 'positive', 'neutral'];

/** Disclosure attribute (000 第四条): 社会公开 / 授权查询 / 政务共享. */
export type Disclosure = 'public' | 'authorized' | 'government';

export const DISCLOSURES: readonly Disclosure[] = ['public', 'authorized', 'government'];

export function isListTypeOf(category: RecordCategory, listType: string): listType is ListType {
  return (LIST_TYPES[category] as readonly string[]).includes(listType);
}

export function isDishonestyListType(listType: string): listType is DishonestyListType {
  return isListTypeOf('dishonesty', listType);
}

export interface RecordFlags {
  /** The objection case holding the 异议标注, if any (第二十六条). */
  objectionCaseId: string | null;
  /** 中止提供查询: the provider unit did not verify an objection in time (第二十六条). */
  suspended: boolean;
  /** 已信用修复 (第二十三条): no longer provided, never deleted. */
  repaired: boolean;
  /** 守信信息不公开 (第二十七条). */
  nonDisclosed: boolean;
  /** 公示期届满归档 (第二十八条). */
  archived: boolean;
  /** Deleted as the outcome of an upheld objection: kept, marked, never provided. */
  deleted: boolean;
  /** 归集前告知 not yet served (第十三条): the record is not collected yet. */
  pendingNotice: boolean;
}

/** Why a record is not provided in queries. */
export type HiddenReason =
  | 'pending-notice' // 归集前告知未送达 (第十三条)
  | 'archived' // 公示期届满归档 (第二十八条)
  | 'repaired' // 已信用修复 (第二十三条)
  | 'non-disclosed' // 守信信息不公开 (第二十七条)
  | 'suspended' // 异议核查逾期，中止提供查询 (第二十六条)
  | 'deleted'; // 异议成立，删除 (第二十六条 processing outcome)

export type RecordAnnotation = 'objection'; // 异议标注 (第二十六条)

export interface RecordVisibility {
  visible: boolean;
  /** Every reason that applies, in a fixed order, so a clerk sees all of them at once. */
  reasons: HiddenReason[];
  /** Shown with the record when it is visible. */
  annotations: RecordAnnotation[];
}

/** What a query may show of a record, from its flags alone. */
export function recordVisibility(flags: RecordFlags): RecordVisibility {
  const reasons: HiddenReason[] = [];
  if (flags.pendingNotice) reasons.push('pending-notice');
  if (flags.archived) reasons.push('archived');
  if (flags.repaired) reasons.push('repaired');
  if (flags.nonDisclosed) reasons.push('non-disclosed');
  if (flags.suspended) reasons.push('suspended');
  if (flags.deleted) reasons.push('deleted');
  const visible = reasons.length === 0;
  // The annotation travels with the record wherever it is shown; a hidden record shows nothing to annotate.
  const annotations: RecordAnnotation[] = visible && flags.objectionCaseId !== null ? ['objection'] : [];
  return { visible, reasons, annotations };
}

/**
 * The four kinds of credit report (000 第五～九条): 社会公开 to anyone without sign-in; the subject's own after
 * identity verification (第六条第一项); a third party holding the subject's authorization (第六条第二项,
 * 湖北平台 授权码); an agency in performance of its duties for a 第八条 purpose (政务查询).
 */
export type ReportKind = 'public' | 'self' | 'authorized' | 'government';

export const REPORT_KINDS: readonly ReportKind[] = ['public', 'self', 'authorized', 'government'];

/**
 * Which disclosure attributes (000 第四条) each kind of report may show. A subject sees everything about
 * itself (云浮 第二十一条第二款: its identity confirmed, it may query its own information); a third party
 * with the subject's consent sees public and authorized records, never government-shared ones (第四条第三项:
 * shared between agencies only); an agency sees all three (云浮 第二十一条第一款).
 */
export const REPORT_DISCLOSURES: { readonly [K in ReportKind]: readonly Disclosure[] } = {
  public: ['public'],
  self: ['public', 'authorized', 'government'],
  authorized: ['public', 'authorized'],
  government: ['public', 'authorized', 'government'],
};

export type ReportExclusion = HiddenReason | 'disclosure';

export interface ReportVisibility {
  included: boolean;
  /** Why the record is left out: its flags (RULES.md), or a disclosure attribute the kind may not see. */
  reasons: ReportExclusion[];
  annotations: RecordAnnotation[];
}

/**
 * The one rule deciding whether a record appears in a report of `kind`: a record that any flag hides never
 * appears in any kind of report; a visible one appears where its disclosure attribute allows, with its
 * annotations (异议标注, 第二十六条).
 */
export function reportVisibility(
  kind: ReportKind,
  record: { disclosure: Disclosure; flags: RecordFlags },
): ReportVisibility {
  const { reasons: hidden, annotations } = recordVisibility(record.flags);
  const reasons: ReportExclusion[] = [...hidden];
  if (!REPORT_DISCLOSURES[kind].includes(record.disclosure)) reasons.push('disclosure');
  const included = reasons.length === 0;
  return { included, reasons, annotations: included ? annotations : [] };
}

/** 000 第八条: the purposes for which an agency may query (政务查询范围). */
export const GOVERNMENT_PURPOSES = [
  'licensing', // （一）行政许可、行政检查和较大数额行政处罚
  'procurement', // （二）政府采购、招标投标、资金和项目支持、国有土地使用权出让、科研管理
  'personnel', // （三）国家工作人员招录、职务任用、职务晋升、职称评聘
  'commendation', // （四）表彰奖励
  'public-safety', // （五）涉及公共安全，需要开展综合风险分析
  'other', // （六）国家、省、市规定的其他情形
] as const;

export type GovernmentPurpose = (typeof GOVERNMENT_PURPOSES)[number];

export const isGovernmentPurpose = (purpose: string): purpose is GovernmentPurpose =>
  (GOVERNMENT_PURPOSES as readonly string[]).includes(purpose);

// The disclosure period (第二十八条) is its own rule: domain/disclosure-period.ts.

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCalendarDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** `date` plus whole months, clamped to the end of a shorter month (民法典 第二百零二条). */
export function addMonths(date: string, months: number): string {
  if (!isCalendarDate(date)) throw new RangeError(`not a YYYY-MM-DD date: "${date}"`);
  const [year, month, day] = date.split('-').map(Number);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  const d = Math.min(day, daysInMonth(y, m));
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

// ---------------------------------------------------------------------------------------------------
// 第十五条 (归集限制): data a provider unit must not collect about a natural person.

/** Why content may not be collected. */
export type CollectionRefusal =
  | 'forbidden-data' // 宗教信仰、基因、指纹、血型、疾病和病史: never
  | 'consent-required'; // 收入、存款、有价证券、商业保险、不动产、纳税数额: only with written consent

export interface CollectionViolation {
  refusal: CollectionRefusal;
  /** Dotted path of the offending key inside the content, e.g. "person.bloodType". */
  path: string;
}

// Keys are compared after lower-casing and dropping everything but letters, digits and CJK, so
// "blood_type", "Blood Type" and "bloodType" are one key.
const FORBIDDEN_KEYS = new Set(
  [
    'religion',
    'religiousBelief',
    'gene',
    'genes',
    'genetic',
    'geneticData',
    'dna',
    'fingerprint',
    'fingerprints',
    'bloodType',
    'bloodGroup',
    'illness',
    'disease',
    'diseases',
    'medicalHistory',
    'medicalRecord',
    'medicalRecords',
    '宗教',
    '宗教信仰',
    '基因',
    '指纹',
    '血型',
    '疾病',
    '病史',
  ].map(normalizeKey),
);

const CONSENT_KEYS = new Set(
  [
    'income',
    'salary',
    'wages',
    'deposit',
    'deposits',
    'bankDeposits',
    'savings',
    'securities',
    'stocks',
    'insurance',
    'commercialInsurance',
    'realEstate',
    'taxAmount',
    'taxPaid',
    '收入',
    '存款',
    '有价证券',
    '商业保险',
    '不动产',
    '纳税数额',
  ].map(normalizeKey),
);

function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9\u4e00-\u9fff]/g, '');
}

/**
 * 第十五条: the keys of `content` (searched at any depth) that may not be collected. The first paragraph
 * applies to every record, since an organisation's record can still carry a person's data; the consent
 * paragraph protects natural persons, so it applies to person subjects only (an organisation's tax amount
 * is ordinary enterprise information).
 */
export function collectionViolations(
  content: unknown,
  subject: { kind: SubjectKind; consentRecorded: boolean },
): CollectionViolation[] {
  const violations: CollectionViolation[] = [];
  visitContent(content, '', subject.kind === 'person' && !subject.consentRecorded, violations);
  return violations;
}

/**
 * A module function rather than a closure made per call, and a key's path spelled out only when it is
 * reported or searched further: every row of a 10,000-row collection batch is searched.
 */
function visitContent(
  value: unknown,
  path: string,
  consentMissing: boolean,
  out: CollectionViolation[],
): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item !== null && typeof item === 'object') visitContent(item, `${path}[${i}]`, consentMissing, out);
    }
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const key of Object.keys(value)) {
    const inner: unknown = (value as Record<string, unknown>)[key];
    const normalized = normalizeKey(key);
    const refusal = FORBIDDEN_KEYS.has(normalized)
      ? 'forbidden-data'
      : CONSENT_KEYS.has(normalized) && consentMissing
        ? 'consent-required'
        : null;
    const nested = inner !== null && typeof inner === 'object';
    if (refusal === null && !nested) continue;
    const here = path ? `${path}.${key}` : key;
    if (refusal !== null) out.push({ refusal, path: here });
    if (nested) visitContent(inner, here, consentMissing, out);
  }
}
