/**
 * Collection (归集) of a record submitted by its provider unit (厦门办法第十一条): every check a row must
 * pass, as one pure function that lists every problem of the row at once (a batch reports them all by
 * index and field). No I/O, no clock: "today" and the rest-day calendar are arguments.
 *
 * - the subject's identifier: GB 32100 (统一社会信用代码) or GB 11643 (身份证号) check digit;
 * - the list type belongs to the category; the decided date is a real date, not after today;
 * - the disclosure period (第二十八条, 国办发〔2025〕22号: domain/disclosure-period.ts);
 * - 第十五条: data that may never be collected, and data that needs the subject's written consent;
 * - 第十三条: a dishonesty record waits for its pre-collection notice unless a law exempts it.
 */
import {
  disclosurePeriod,
  disclosurePeriodEnded,
  type DisclosurePeriod,
  type PenaltySeverity,
  type RestDayPredicate,
} from './disclosure-period';
import {
  collectionViolations,
  isCalendarDate,
  isDishonestyListType,
  isListTypeOf,
  type Disclosure,
  type ListType,
  type RecordCategory,
} from './records';
import { parseSubjectId, type SubjectIdRefusal, type SubjectKind } from './subject-id';

/** A row as a provider unit submits it, once its shape (types, lengths, enums) has been checked. */
export interface RecordSubmission {
  /** The provider unit's own number for the record: re-submitting it is idempotent. */
  sourceRecordNo: string;
  subjectId: string;
  /** Needed only when an all-digit identifier is well-formed both as a credit code and as an ID number. */
  subjectKind?: SubjectKind;
  subjectName: string;
  category: RecordCategory;
  listType: string;
  severity?: PenaltySeverity;
  content: Record<string, unknown>;
  decidedOn: string;
  disclosure: Disclosure;
  disclosureEndsOn?: string | null;
  /** 第十五条第二款: where the subject's written consent is filed. */
  consentRef?: string;
  /** 第十三条 但书: the law that exempts the record from the pre-collection notice. */
  noticeExemption?: { basis: string };
}

/** A row that passed every check, normalized, with what collection decides about it. */
export interface CheckedSubmission {
  sourceRecordNo: string;
  subjectId: string;
  subjectKind: SubjectKind;
  subjectName: string;
  category: RecordCategory;
  listType: ListType;
  severity: PenaltySeverity | null;
  content: Record<string, unknown>;
  decidedOn: string;
  disclosure: Disclosure;
  disclosureEndsOn: string | null;
  consentRef: string | null;
  noticeExemptionBasis: string | null;
  /** 第十三条: collected only once the notice is served. */
  pendingNotice: boolean;
  /** Its period already ended (or a 轻微 penalty left unpublished): kept, never shown (第二十八条第二款). */
  archived: boolean;
  /** The end date as the provider gave it (`disclosureEndsOn` is the one worked out), for the fingerprint. */
  submittedEndsOn: string | null;
}

export interface FieldProblem {
  /** The field inside the row, e.g. "subjectId" or "content.person.bloodType". */
  field: string;
  message: string;
}

export interface CollectionContext {
  /** Today in Asia/Shanghai, YYYY-MM-DD. */
  today: string;
  /** 民法典第二百零三条: the rest days a period's last day moves past. */
  isRestDay?: RestDayPredicate;
}

export type SubmissionCheck = { ok: true; record: CheckedSubmission } | { ok: false; errors: FieldProblem[] };

const SUBJECT_ID_MESSAGES: Record<SubjectIdRefusal, string> = {
  length: 'must be 18 characters (统一社会信用代码 or 身份证号)',
  charset: 'holds characters a 统一社会信用代码 (GB 32100) or 身份证号 (GB 11643) cannot have',
  'check-digit': 'check digit is wrong (GB 32100 统一社会信用代码 / GB 11643 身份证号)',
  'birth-date': 'the birth date inside the 身份证号 is not a real date (GB 11643)',
  ambiguous: 'is well-formed as both a credit code and an ID number: give subjectKind',
};

/** Made once, not per row (a closure per call was visible over a 10,000-row batch). */
function problem(errors: FieldProblem[], field: string, message: string): void {
  errors.push({ field, message });
}

/** Every check of one submitted row (see the module comment); all problems at once. */
export function checkSubmission(row: RecordSubmission, context: CollectionContext): SubmissionCheck {
  const errors: FieldProblem[] = [];

  const subject = parseSubjectId(row.subjectId, row.subjectKind);
  if (!subject.ok) problem(errors, 'subjectId', `subjectId ${SUBJECT_ID_MESSAGES[subject.reason]}`);

  const listTypeOk = isListTypeOf(row.category, row.listType);
  if (!listTypeOk)
    problem(errors, 'listType', `"${row.listType}" is not a list type of category ${row.category}`);

  const decidedOnOk = isCalendarDate(row.decidedOn);
  if (!decidedOnOk) problem(errors, 'decidedOn', 'decidedOn must be a YYYY-MM-DD date');
  else if (row.decidedOn > context.today) {
    problem(errors, 'decidedOn', `decidedOn is in the future (today in Asia/Shanghai is ${context.today})`);
  }

  let period: DisclosurePeriod | null = null;
  if (listTypeOk && decidedOnOk) {
    period = periodOf(row, context);
    if (!period.ok) problem(errors, period.field, period.message);
  }

  const dishonesty = listTypeOk && isDishonestyListType(row.listType);
  if (row.noticeExemption && row.category !== 'dishonesty') {
    problem(
      errors,
      'noticeExemption',
      '厦门办法第十三条: the pre-collection notice, and so its exemption, is for dishonesty records',
    );
  }

  // 第十五条 judges persons more strictly; when the identifier is bad the kind is the one it looks like.
  const kind = subject.ok ? subject.kind : (subject.kind ?? 'person');
  for (const v of collectionViolations(row.content, {
    kind,
    consentRecorded: row.consentRef !== undefined,
  })) {
    problem(
      errors,
      `content.${v.path}`,
      v.refusal === 'forbidden-data'
        ? `厦门办法第十五条第一款: may not be collected (宗教信仰、基因、指纹、血型、疾病和病史)`
        : `厦门办法第十五条第二款: collected only with the subject's written consent; give consentRef`,
    );
  }

  if (errors.length > 0 || !subject.ok || period === null || !period.ok) {
    return { ok: false, errors };
  }
  const record: CheckedSubmission = {
    sourceRecordNo: row.sourceRecordNo,
    subjectId: subject.id,
    subjectKind: subject.kind,
    subjectName: row.subjectName,
    category: row.category,
    listType: row.listType as ListType,
    severity: row.severity ?? null,
    content: row.content,
    decidedOn: row.decidedOn,
    disclosure: row.disclosure,
    disclosureEndsOn: period.endsOn,
    consentRef: row.consentRef ?? null,
    noticeExemptionBasis: row.noticeExemption?.basis ?? null,
    pendingNotice: dishonesty && row.noticeExemption === undefined,
    archived: !period.published || disclosurePeriodEnded(period.endsOn, context.today),
    submittedEndsOn: row.disclosureEndsOn ?? null,
  };
  return { ok: true, record };
}

/**
 * Periods worked out under a context: the rows of a batch share its context and few distinct dates, and
 * working out a period (months, rest days) was a visible part of a 10,000-row batch.
 */
const periods = new WeakMap<CollectionContext, Map<string, DisclosurePeriod>>();

function periodOf(row: RecordSubmission, context: CollectionContext): DisclosurePeriod {
  let known = periods.get(context);
  if (!known) periods.set(context, (known = new Map()));
  const severity = row.severity ?? null;
  const own = row.disclosureEndsOn ?? null;
  // The list type is a known one and the severity an enum word; a given end date is any text, so it comes last.
  const key = `${row.decidedOn}|${row.listType}|${severity}|${own === null ? '' : `+${own}`}`;
  let period = known.get(key);
  if (!period) {
    period = disclosurePeriod({
      decidedOn: row.decidedOn,
      listType: row.listType as ListType,
      severity,
      disclosureEndsOn: own,
      isRestDay: context.isRestDay,
    });
    known.set(key, period);
  }
  return period;
}

/**
 * The submission in canonical JSON — what makes two submissions "the same record": everything the provider
 * sent, keys in a fixed order, the identifier normalized. The computed end date is left out (it depends on
 * the calendar of the day). Written out in canonicalJson's (sorted) key order rather than built as an
 * object and sorted, and made only when it is hashed rather than kept with the record: a 10,000-row batch
 * fingerprints every row, and stored fingerprints must keep matching re-submissions.
 */
export function submissionFingerprint(r: CheckedSubmission): string {
  const j = JSON.stringify;
  return (
    `{"category":${j(r.category)},"consentRef":${j(r.consentRef)}` +
    `,"content":${canonicalJson(r.content)},"decidedOn":${j(r.decidedOn)}` +
    `,"disclosure":${j(r.disclosure)},"disclosureEndsOn":${j(r.submittedEndsOn)}` +
    `,"listType":${j(r.listType)},"noticeExemption":${j(r.noticeExemptionBasis)}` +
    `,"severity":${j(r.severity)},"sourceRecordNo":${j(r.sourceRecordNo)}` +
    `,"subjectId":${j(r.subjectId)},"subjectKind":${j(r.subjectKind)},"subjectName":${j(r.subjectName)}}`
  );
}

/** JSON with object keys sorted at every depth, so key order never makes two equal values differ. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  // Appended in place rather than filtered, mapped and joined: every row of a 10,000-row batch has its
  // content fingerprinted.
  let out: string;
  if (Array.isArray(value)) {
    out = '[';
    for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + canonicalJson(value[i]);
    return out + ']';
  }
  out = '{';
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out += (out.length > 1 ? ',' : '') + JSON.stringify(key) + ':' + canonicalJson(v);
  }
  return out + '}';
}
