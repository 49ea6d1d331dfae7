import type { RecordSubmission } from '../../domain/collection';

/**
 * A collection row read without zod when every field is plainly valid: zod's per-row parse was a large
 * part of a 10,000-row batch. It answers exactly what `recordSubmissionBody` would parse the row to, or
 * null whenever it is not sure — any missing, extra, mistyped, over-long or unusual field — and then zod
 * parses the row and words its problems, so bad rows are reported as before. The limits here are the ones
 * the zod schema uses.
 */

export const SUBMISSION_LIMITS = {
  sourceRecordNo: 64,
  providerUnitId: 64,
  subjectId: 64,
  subjectName: 200,
  listType: 32,
  decidedOn: 32,
  disclosureEndsOn: 32,
  consentRef: 200,
  noticeExemptionBasis: 500,
  /** A record's content, as JSON text. */
  contentChars: 16_384,
} as const;

export const SUBJECT_KINDS = ['organization', 'person'] as const;
export const SUBMITTED_CATEGORIES = ['dishonesty', 'positive', 'neutral'] as const;
export const SUBMITTED_SEVERITIES = ['minor', 'general', 'serious'] as const;
export const SUBMITTED_DISCLOSURES = ['public', 'authorized', 'government'] as const;

/** No C0 control character or DEL (a record number or name is one line of text). */
export function noControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return false;
  }
  return true;
}

/** What `recordSubmissionBody` parses a row to. */
export type PlainSubmission = RecordSubmission & { providerUnitId?: string };

const KNOWN_FIELDS = new Set([
  'sourceRecordNo',
  'providerUnitId',
  'subjectId',
  'subjectKind',
  'subjectName',
  'category',
  'listType',
  'severity',
  'content',
  'decidedOn',
  'disclosure',
  'disclosureEndsOn',
  'consentRef',
  'noticeExemption',
]);

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;

/** The trimmed text when `v` is a string of `min`…`max` characters once trimmed; otherwise undefined. */
function text(v: unknown, min: number, max: number): string | undefined {
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  return s.length >= min && s.length <= max ? s : undefined;
}

function oneOf<T extends string>(v: unknown, values: readonly T[]): T | undefined {
  return values.includes(v as T) ? (v as T) : undefined;
}

/** The row as zod would parse it, or null: let zod decide (see the module comment). */
export function plainSubmission(raw: unknown): PlainSubmission | null {
  if (!isPlainObject(raw)) return null;
  for (const key in raw) if (!KNOWN_FIELDS.has(key)) return null;
  const L = SUBMISSION_LIMITS;
  const sourceRecordNo = text(raw.sourceRecordNo, 1, L.sourceRecordNo);
  const subjectId = text(raw.subjectId, 1, L.subjectId);
  const subjectName = text(raw.subjectName, 1, L.subjectName);
  const category = oneOf(raw.category, SUBMITTED_CATEGORIES);
  const listType = text(raw.listType, 1, L.listType);
  const decidedOn = text(raw.decidedOn, 0, L.decidedOn);
  const disclosure = oneOf(raw.disclosure, SUBMITTED_DISCLOSURES);
  const content = raw.content;
  if (
    sourceRecordNo === undefined ||
    !noControl(sourceRecordNo) ||
    subjectId === undefined ||
    subjectName === undefined ||
    !noControl(subjectName) ||
    category === undefined ||
    listType === undefined ||
    decidedOn === undefined ||
    disclosure === undefined ||
    !isPlainObject(content) ||
    Object.hasOwn(content, '__proto__') || // zod's copy of the record leaves it out
    JSON.stringify(content).length > L.contentChars
  ) {
    return null;
  }
  const row: PlainSubmission = {
    sourceRecordNo,
    subjectId,
    subjectName,
    category,
    listType,
    content,
    decidedOn,
    disclosure,
  };
  // Optional fields: present only when given, and then valid.
  if (
    'providerUnitId' in raw &&
    (row.providerUnitId = text(raw.providerUnitId, 1, L.providerUnitId)) === undefined
  ) {
    return null;
  }
  if ('subjectKind' in raw && (row.subjectKind = oneOf(raw.subjectKind, SUBJECT_KINDS)) === undefined)
    return null;
  if ('severity' in raw && (row.severity = oneOf(raw.severity, SUBMITTED_SEVERITIES)) === undefined)
    return null;
  if ('disclosureEndsOn' in raw) {
    const endsOn = raw.disclosureEndsOn === null ? null : text(raw.disclosureEndsOn, 0, L.disclosureEndsOn);
    if (endsOn === undefined) return null;
    row.disclosureEndsOn = endsOn;
  }
  if ('consentRef' in raw && (row.consentRef = text(raw.consentRef, 1, L.consentRef)) === undefined)
    return null;
  if ('noticeExemption' in raw) {
    const exemption = raw.noticeExemption;
    if (!isPlainObject(exemption) || Object.keys(exemption).some((k) => k !== 'basis')) return null;
    const basis = text(exemption.basis, 1, L.noticeExemptionBasis);
    if (basis === undefined) return null;
    row.noticeExemption = { basis };
  }
  return row;
}
