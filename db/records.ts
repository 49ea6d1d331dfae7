import type { Knex } from 'knex';
import { activeOptOuts, recordOptOut } from './opt-outs';
import { appendAudit } from './audit';
import { disclosurePeriod, type PenaltySeverity, type RestDayPredicate } from '../domain/disclosure-period';
import {
  collectionViolations,
  DISCLOSURES,
  isCalendarDate,
  isDishonestyListType,
  isListTypeOf,
  RECORD_CATEGORIES,
  recordVisibility,
  type CollectionViolation,
  type Disclosure,
  type HiddenReason,
  type ListType,
  type RecordAnnotation,
  type RecordCategory,
  type RecordFlags,
} from '../domain/records';
import { parseSubjectId, type SubjectIdRefusal, type SubjectKind } from '../domain/subject-id';

/**
 * The records repository. Every mutation is idempotent — an activity retried with the same input gets the
 * same result and writes nothing twice — and appends an audit entry in the same transaction, but only when
 * it changed something. Flags held on behalf of a case (objection annotation, suspension, deletion) name
 * that case, so only it can release them.
 */

/** Who made a change: a user, or the system (userId null) acting for a workflow. */
export interface RecordActor {
  role: string;
  userId: string | null;
}

/** A record as the API shows it (API.md, "Records"). */
export interface CreditRecord {
  id: string;
  subjectId: string;
  subjectName: string;
  providerUnitId: string;
  category: RecordCategory;
  listType: ListType;
  content: unknown;
  decidedOn: string;
  disclosure: Disclosure;
  disclosureEndsOn: string | null;
  /** Administrative penalties: 轻微 / 一般 / 严重 (国办发〔2025〕22号); null for everything else. */
  severity: PenaltySeverity | null;
  /** The provider unit's own number for the record (idempotent re-submission); null for seeded records. */
  sourceRecordNo: string | null;
  version: number;
  visibility: { visible: boolean; reasons: HiddenReason[] };
  annotations: RecordAnnotation[];
  flags: RecordFlags;
  /** A law or central policy says this record cannot be repaired (国家发展改革委令第36号). */
  repairForbidden: boolean;
  /** When and by which case it was repaired (南通办法第十七条: the database notes the repair). */
  repair: { repairedAt: string; caseId: string | null } | null;
}

export interface RecordVersion {
  recordId: string;
  version: number;
  content: unknown;
  reason: string;
  caseId: string | null;
  createdAt: string;
  createdBy: string | null;
  createdByRole: string;
}

export interface MutationResult {
  /** False when the call found the change already made (a retry): nothing was written. */
  changed: boolean;
}

// ---------------------------------------------------------------------------------------------------
// Errors

export class RecordNotFoundError extends Error {
  readonly code = 'record-not-found';
  constructor(readonly recordId: string) {
    super(`record ${recordId} not found`);
    this.name = 'RecordNotFoundError';
  }
}

export type RecordConflictCode =
  | 'objection-held-by-other-case'
  | 'suspended-by-other-case'
  | 'repair-held-by-other-case'
  | 'idempotency-key-reused'
  | 'record-deleted';

/** The change is not allowed in the record's current state (→ 409). */
export class RecordConflictError extends Error {
  constructor(
    readonly code: RecordConflictCode,
    readonly recordId: string,
    message: string,
    /** The case holding the flag, for the held-by-other-case codes. */
    readonly holderCaseId: string | null = null,
  ) {
    super(message);
    this.name = 'RecordConflictError';
  }
}

export type RecordValidationCode =
  | 'record-id'
  | 'subject-id'
  | 'category'
  | 'list-type'
  | 'disclosure'
  | 'decided-on'
  | 'disclosure-period'
  | 'severity'
  | 'flag-not-applicable'
  | 'forbidden-data' // 厦门办法第十五条第一款
  | 'consent-required'; // 厦门办法第十五条第二款

/** The input is not a record the platform may hold (→ 422). */
export class RecordValidationError extends Error {
  constructor(
    readonly code: RecordValidationCode,
    message: string,
    readonly details: {
      subjectIdRefusal?: SubjectIdRefusal;
      violations?: CollectionViolation[];
    } = {},
  ) {
    super(message);
    this.name = 'RecordValidationError';
  }
}

// ---------------------------------------------------------------------------------------------------
// Reads

interface RecordRow {
  id: string;
  subject_id: string;
  subject_name: string;
  subject_kind: SubjectKind;
  provider_unit_id: string;
  category: RecordCategory;
  list_type: ListType;
  content: string;
  decided_on: string;
  disclosure: Disclosure;
  disclosure_ends_on: string | null;
  source_record_no: string | null;
  version: number;
  objection_case_id: string | null;
  suspended_by_case_id: string | null;
  deleted_by_case_id: string | null;
  // SQLite returns 0/1, PostgreSQL true/false.
  repaired: boolean | number;
  non_disclosed: boolean | number;
  archived: boolean | number;
  deleted: boolean | number;
  pending_notice: boolean | number;
  consent_recorded: boolean | number;
  severity: PenaltySeverity | null;
  repair_forbidden: boolean | number;
  repaired_at: string | null;
  repaired_by_case_id: string | null;
  repair_case_id: string | null;
  created_at: string;
  updated_at: string;
}

function toRecord(row: RecordRow): CreditRecord {
  const flags: RecordFlags = {
    objectionCaseId: row.objection_case_id,
    suspended: row.suspended_by_case_id !== null,
    repaired: Boolean(row.repaired),
    nonDisclosed: Boolean(row.non_disclosed),
    archived: Boolean(row.archived),
    deleted: Boolean(row.deleted),
    pendingNotice: Boolean(row.pending_notice),
  };
  const { visible, reasons, annotations } = recordVisibility(flags);
  return {
    id: row.id,
    subjectId: row.subject_id,
    subjectName: row.subject_name,
    providerUnitId: row.provider_unit_id,
    category: row.category,
    listType: row.list_type,
    content: JSON.parse(row.content),
    decidedOn: row.decided_on,
    disclosure: row.disclosure,
    disclosureEndsOn: row.disclosure_ends_on,
    severity: row.severity ?? null,
    sourceRecordNo: row.source_record_no ?? null,
    version: Number(row.version),
    visibility: { visible, reasons },
    annotations,
    flags,
    repairForbidden: Boolean(row.repair_forbidden),
    repair: flags.repaired
      ? { repairedAt: row.repaired_at ?? row.updated_at, caseId: row.repaired_by_case_id }
      : null,
  };
}

export async function getRecord(db: Knex, id: string): Promise<CreditRecord | null> {
  const row: RecordRow | undefined = await db('records').where({ id }).first();
  return row ? toRecord(row) : null;
}

export interface RecordFilter {
  subjectId?: string;
  providerUnitId?: string;
  category?: RecordCategory;
  /** 1-based. */
  page: number;
  pageSize: number;
}

/** Records matching the filter, ordered by id (ids are zero-padded, so this is creation order). */
export async function listRecords(
  db: Knex,
  filter: RecordFilter,
): Promise<{ items: CreditRecord[]; total: number }> {
  const where: Record<string, string> = {};
  if (filter.subjectId !== undefined) where.subject_id = filter.subjectId;
  if (filter.providerUnitId !== undefined) where.provider_unit_id = filter.providerUnitId;
  if (filter.category !== undefined) where.category = filter.category;
  const page = Math.max(1, Math.floor(filter.page));
  const pageSize = Math.max(1, Math.floor(filter.pageSize));
  const counted = await db('records').where(where).count({ n: '*' }).first();
  const rows: RecordRow[] = await db('records')
    .where(where)
    .orderBy('id', 'asc')
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { items: rows.map(toRecord), total: Number(counted?.n ?? 0) };
}

/** Every record about one subject, in id order, hidden ones included: the caller applies the visibility rule. */
export async function subjectRecords(db: Knex, subjectId: string): Promise<CreditRecord[]> {
  const rows: RecordRow[] = await db('records').where({ subject_id: subjectId }).orderBy('id', 'asc');
  return rows.map(toRecord);
}

/** What 第十五条 needs to judge new content for a record: whose it is, and whether consent was recorded. */
export async function collectionSubject(
  db: Knex,
  recordId: string,
): Promise<{ kind: SubjectKind; consentRecorded: boolean } | null> {
  const row = await db('records').where({ id: recordId }).first('subject_kind', 'consent_recorded');
  return row
    ? { kind: row.subject_kind as SubjectKind, consentRecorded: Boolean(row.consent_recorded) }
    : null;
}

/** Every content the record has had, oldest first. */
export async function getRecordVersions(db: Knex, recordId: string): Promise<RecordVersion[]> {
  const rows = await db('record_versions').where({ record_id: recordId }).orderBy('version', 'asc');
  return rows.map((r) => ({
    recordId: r.record_id,
    version: Number(r.version),
    content: JSON.parse(r.content),
    reason: r.reason,
    caseId: r.case_id,
    createdAt: r.created_at,
    createdBy: r.created_by,
    createdByRole: r.created_by_role,
  }));
}

// ---------------------------------------------------------------------------------------------------
// Flags held by a case: objection annotation (异议标注) and suspension (中止提供查询), 第二十六条

export interface CaseFlagInput {
  recordId: string;
  caseId: string;
  at: string;
  actor: RecordActor;
}

/** Puts the 异议标注 on a record for an accepted objection case (第二十六条). */
export function annotateObjection(db: Knex, input: CaseFlagInput): Promise<MutationResult> {
  return claim(db, input, 'objection_case_id', 'record.objection-annotated', 'objection-held-by-other-case');
}

/** Removes the annotation when the case closes; does nothing if another case (or none) holds it. */
export function clearObjection(db: Knex, input: CaseFlagInput): Promise<MutationResult> {
  return release(db, input, 'objection_case_id', 'record.objection-cleared');
}

/** The provider unit did not verify in time: stop providing the record in queries (第二十六条). */
export function suspendForCase(db: Knex, input: CaseFlagInput): Promise<MutationResult> {
  return claim(db, input, 'suspended_by_case_id', 'record.suspended', 'suspended-by-other-case');
}

/** The provider's result arrived (or the case closed): provide the record again. */
export function unsuspendForCase(db: Knex, input: CaseFlagInput): Promise<MutationResult> {
  return release(db, input, 'suspended_by_case_id', 'record.unsuspended');
}

/** An open repair case holds the record from filing to closing (at most one at a time, API.md). */
export function claimForRepair(db: Knex, input: CaseFlagInput): Promise<MutationResult> {
  return claim(db, input, 'repair_case_id', 'record.repair-opened', 'repair-held-by-other-case');
}

/** The repair case closed (or never started): another may be filed. */
export function releaseRepair(db: Knex, input: CaseFlagInput): Promise<MutationResult> {
  return release(db, input, 'repair_case_id', 'record.repair-closed');
}

type CaseColumn = 'objection_case_id' | 'suspended_by_case_id' | 'repair_case_id';

function claim(
  db: Knex,
  input: CaseFlagInput,
  column: CaseColumn,
  action: string,
  conflict: RecordConflictCode,
): Promise<MutationResult> {
  return db.transaction(async (trx) => {
    // A conditional UPDATE rather than read-then-write: on PostgreSQL a concurrent claimer waits for the row
    // lock and then re-checks the condition, on SQLite writers are serialized anyway.
    const updated = await trx('records')
      .where({ id: input.recordId })
      .whereNull(column)
      .update({ [column]: input.caseId, updated_at: input.at });
    if (updated === 0) {
      const row = await mustRead(trx, input.recordId);
      if (row[column] === input.caseId) return { changed: false };
      throw new RecordConflictError(
        conflict,
        input.recordId,
        `record ${input.recordId} is held by case ${row[column]}, not ${input.caseId}`,
        row[column],
      );
    }
    await audit(trx, input, action, { caseId: input.caseId });
    return { changed: true };
  });
}

function release(
  db: Knex,
  input: CaseFlagInput,
  column: CaseColumn,
  action: string,
): Promise<MutationResult> {
  return db.transaction(async (trx) => {
    const updated = await trx('records')
      .where({ id: input.recordId, [column]: input.caseId })
      .update({ [column]: null, updated_at: input.at });
    if (updated === 0) {
      await mustRead(trx, input.recordId);
      return { changed: false };
    }
    await audit(trx, input, action, { caseId: input.caseId });
    return { changed: true };
  });
}

// ---------------------------------------------------------------------------------------------------
// Content: corrections write a new version; deletion marks the record and keeps it.

export interface WriteVersionInput {
  recordId: string;
  content: Record<string, unknown>;
  reason: string;
  caseId: string | null;
  /** Unique per intended write, e.g. `${workflowId}:correct`; a repeat returns the version it wrote. */
  idempotencyKey: string;
  at: string;
  actor: RecordActor;
}

/** Writes the record's next version (current + 1) and makes it the record's content. */
export function writeRecordVersion(
  db: Knex,
  input: WriteVersionInput,
): Promise<MutationResult & { version: number }> {
  const content = JSON.stringify(input.content);
  return db.transaction(async (trx) => {
    const earlier = await trx('record_versions').where({ idempotency_key: input.idempotencyKey }).first();
    if (earlier) {
      if (earlier.record_id !== input.recordId || earlier.content !== content) {
        throw new RecordConflictError(
          'idempotency-key-reused',
          input.recordId,
          `idempotency key ${input.idempotencyKey} was used for a different write`,
        );
      }
      return { changed: false, version: Number(earlier.version) };
    }
    const row = await mustRead(trx, input.recordId);
    if (row.deleted) {
      throw new RecordConflictError('record-deleted', input.recordId, `record ${input.recordId} is deleted`);
    }
    refuseUncollectable(input.content, row.subject_kind, Boolean(row.consent_recorded));
    const version = Number(row.version) + 1;
    // unique(record_id, version) makes a concurrent writer of the same version fail instead of forking.
    await trx('record_versions').insert({
      record_id: input.recordId,
      version,
      content,
      reason: input.reason,
      case_id: input.caseId,
      idempotency_key: input.idempotencyKey,
      created_at: input.at,
      created_by: input.actor.userId,
      created_by_role: input.actor.role,
    });
    await trx('records').where({ id: input.recordId }).update({ content, version, updated_at: input.at });
    await audit(trx, input, 'record.version-written', { caseId: input.caseId, version }, input.reason);
    return { changed: true, version };
  });
}

export interface MarkDeletedInput {
  recordId: string;
  caseId: string;
  reason: string;
  at: string;
  actor: RecordActor;
}

/** An upheld objection decided deletion: never provided again, but the row and its versions stay. */
export function markDeleted(db: Knex, input: MarkDeletedInput): Promise<MutationResult> {
  return db.transaction(async (trx) => {
    const updated = await trx('records')
      .where({ id: input.recordId, deleted: false })
      .update({ deleted: true, deleted_by_case_id: input.caseId, updated_at: input.at });
    if (updated === 0) {
      await mustRead(trx, input.recordId);
      return { changed: false };
    }
    await audit(trx, input, 'record.deleted', { caseId: input.caseId }, input.reason);
    return { changed: true };
  });
}

// ---------------------------------------------------------------------------------------------------
// One-way flags set by the other case types. Each applies to the categories its article names.

export interface FlagInput {
  recordId: string;
  caseId: string | null;
  at: string;
  actor: RecordActor;
  reason?: string | null;
}

/** 第二十三条: a repaired dishonesty record is no longer provided, but never deleted. */
export function markRepaired(db: Knex, input: FlagInput): Promise<MutationResult> {
  return setFlag(db, input, 'repaired', true, 'record.repaired', ['dishonesty'], {
    repaired_at: input.at,
    repaired_by_case_id: input.caseId,
  });
}

/**
 * 第二十七条: the subject asked that a positive record is not disclosed. The subject's opt-out is kept, so a
 * positive record reported later is not disclosed either (createRecord), until the subject says otherwise.
 */
export async function markNonDisclosed(db: Knex, input: FlagInput): Promise<MutationResult> {
  const result = await setFlag(db, input, 'non_disclosed', true, 'record.non-disclosed', ['positive']);
  if (input.caseId !== null) {
    const row = await db('records').where({ id: input.recordId }).first('subject_id');
    await recordOptOut(db, { subjectId: row.subject_id, caseId: input.caseId, at: input.at });
  }
  return result;
}

/** 第二十八条: the disclosure period has ended; archive the record. */
export function markArchived(db: Knex, input: FlagInput): Promise<MutationResult> {
  return setFlag(db, input, 'archived', true, 'record.archived', RECORD_CATEGORIES);
}

/** 第十三条: the pre-collection notice was served (in writing or by announcement): collect the record. */
export function markNoticeServed(db: Knex, input: FlagInput): Promise<MutationResult> {
  return setFlag(db, input, 'pending_notice', false, 'record.notice-served', ['dishonesty']);
}

/**
 * 第二十八条: the provider unit extended a key-attention listing's period. The end date only moves later,
 * and never on a record already archived (its period ended first: it is not published again). Nothing is
 * overwritten unrecorded: the audit entry keeps the date it replaced.
 */
export function extendDisclosureEnd(
  db: Knex,
  input: FlagInput & { endsOn: string },
): Promise<MutationResult> {
  return db.transaction(async (trx) => {
    const row = await mustRead(trx, input.recordId);
    const from = row.disclosure_ends_on;
    if (row.archived || (from !== null && from >= input.endsOn)) return { changed: false };
    // Unarmed until the new day's timer is armed after the step (api/case-types/key-attention.ts), so a
    // process that stops in between re-arms it at start-up (api/hand-over-recovery.ts).
    await trx('records')
      .where({ id: input.recordId })
      .update({ disclosure_ends_on: input.endsOn, updated_at: input.at, expiry_armed: false });
    const detail = { caseId: input.caseId, from, to: input.endsOn };
    await audit(trx, input, 'record.disclosure-extended', detail, input.reason ?? null);
    return { changed: true };
  });
}

type BooleanColumn = 'repaired' | 'non_disclosed' | 'archived' | 'pending_notice';

function setFlag(
  db: Knex,
  input: FlagInput,
  column: BooleanColumn,
  value: boolean,
  action: string,
  categories: readonly RecordCategory[],
  alongside: Record<string, unknown> = {},
): Promise<MutationResult> {
  return db.transaction(async (trx) => {
    const row = await mustRead(trx, input.recordId);
    if (!categories.includes(row.category)) {
      throw new RecordValidationError(
        'flag-not-applicable',
        `${action} applies to ${categories.join('/')} records; ${input.recordId} is ${row.category}`,
      );
    }
    const updated = await trx('records')
      .where({ id: input.recordId, [column]: !value })
      .update({ ...alongside, [column]: value, updated_at: input.at });
    if (updated === 0) return { changed: false };
    await audit(trx, input, action, { caseId: input.caseId }, input.reason ?? null);
    return { changed: true };
  });
}

// ---------------------------------------------------------------------------------------------------
// Creation (seed and provider ingest)

export interface NewRecord {
  /** Omit to take the next 'rec-NNNNNN'. */
  id?: string;
  subjectId: string;
  subjectName: string;
  /** Omit to infer it from the identifier (refused when an all-digit id is well-formed as both). */
  subjectKind?: SubjectKind;
  providerUnitId: string;
  category: RecordCategory;
  listType: ListType;
  content: Record<string, unknown>;
  decidedOn: string;
  disclosure: Disclosure;
  /** Omit for dishonesty records to take 第二十八条's period from decidedOn. */
  disclosureEndsOn?: string | null;
  /** 第二十八条: key attention on three or more sectors' lists, period extended to 2 years. */
  keyAttentionExtended?: boolean;
  /** Administrative penalties only (国办发〔2025〕22号). */
  severity?: PenaltySeverity | null;
  /** 民法典第二百零三条: a period whose last day is a rest day ends on the next working day. */
  isRestDay?: RestDayPredicate;
  pendingNotice?: boolean;
  repaired?: boolean;
  nonDisclosed?: boolean;
  archived?: boolean;
  repairForbidden?: boolean;
  /** 第十五条第二款: the subject's written consent to collect income, deposits, … is on file. */
  consentRecorded?: boolean;
  at: string;
  actor: RecordActor;
}

/**
 * Validates and stores a new record with its version 1. Idempotent on `id`: creating an id that exists
 * changes nothing and returns `changed: false`.
 */
export async function createRecord(db: Knex, input: NewRecord): Promise<MutationResult & { id: string }> {
  const checked = validateNewRecord(input);
  return db.transaction(async (trx) => {
    if (input.id !== undefined && (await trx('records').where({ id: input.id }).first())) {
      return { changed: false, id: input.id };
    }
    const id = input.id ?? (await nextRecordId(trx));
    const content = JSON.stringify(input.content);
    // 第二十七条: the subject opted out of disclosing its positive records; a new one is withheld too.
    const optOut =
      input.category === 'positive'
        ? await activeOptOuts(trx).where({ subject_id: checked.subjectId }).first('case_id')
        : undefined;
    await trx('records').insert({
      id,
      subject_id: checked.subjectId,
      subject_name: input.subjectName,
      subject_kind: checked.subjectKind,
      provider_unit_id: input.providerUnitId,
      category: input.category,
      list_type: input.listType,
      content,
      decided_on: input.decidedOn,
      disclosure: input.disclosure,
      disclosure_ends_on: checked.disclosureEndsOn,
      severity: input.severity ?? null,
      version: 1,
      repaired: input.repaired ?? false,
      non_disclosed: (input.nonDisclosed ?? false) || optOut !== undefined,
      archived: (input.archived ?? false) || optOut !== undefined,
      deleted: false,
      pending_notice: input.pendingNotice ?? false,
      consent_recorded: input.consentRecorded ?? false,
      repair_forbidden: input.repairForbidden ?? false,
      created_at: input.at,
      updated_at: input.at,
    });
    await trx('record_versions').insert({
      record_id: id,
      version: 1,
      content,
      reason: 'created',
      case_id: null,
      idempotency_key: null,
      created_at: input.at,
      created_by: input.actor.userId,
      created_by_role: input.actor.role,
    });
    await audit(trx, { recordId: id, at: input.at, actor: input.actor }, 'record.created', {
      providerUnitId: input.providerUnitId,
      category: input.category,
      listType: input.listType,
      ...(optOut ? { nonDisclosedByOptOut: optOut.case_id } : {}),
    });
    return { changed: true, id };
  });
}

function validateNewRecord(input: NewRecord): {
  subjectId: string;
  subjectKind: SubjectKind;
  disclosureEndsOn: string | null;
} {
  if (input.id !== undefined && !/^[A-Za-z0-9._-]{1,32}$/.test(input.id)) {
    throw new RecordValidationError('record-id', `invalid record id "${input.id}"`);
  }
  const subject = parseSubjectId(input.subjectId, input.subjectKind);
  if (!subject.ok) {
    throw new RecordValidationError('subject-id', `invalid subject id (${subject.reason})`, {
      subjectIdRefusal: subject.reason,
    });
  }
  if (!RECORD_CATEGORIES.includes(input.category)) {
    throw new RecordValidationError('category', `unknown category "${input.category}"`);
  }
  if (!isListTypeOf(input.category, input.listType)) {
    throw new RecordValidationError('list-type', `${input.listType} is not a ${input.category} list type`);
  }
  if (!DISCLOSURES.includes(input.disclosure)) {
    throw new RecordValidationError('disclosure', `unknown disclosure "${input.disclosure}"`);
  }
  if (!isCalendarDate(input.decidedOn)) {
    throw new RecordValidationError('decided-on', `decidedOn must be YYYY-MM-DD, got "${input.decidedOn}"`);
  }
  const dishonesty = isDishonestyListType(input.listType);
  if (input.pendingNotice && !dishonesty) {
    // 第十三条 requires the notice before reporting dishonesty information only.
    throw new RecordValidationError(
      'flag-not-applicable',
      'pre-collection notice applies to dishonesty records',
    );
  }
  if (input.repaired && !dishonesty) {
    throw new RecordValidationError('flag-not-applicable', 'credit repair applies to dishonesty records');
  }
  if (input.nonDisclosed && input.category !== 'positive') {
    throw new RecordValidationError('flag-not-applicable', 'non-disclosure applies to positive records');
  }
  // 第二十八条 and 国办发〔2025〕22号: the rule's period, or the record's own longer end date.
  const period = disclosurePeriod({
    decidedOn: input.decidedOn,
    listType: input.listType,
    severity: input.severity ?? null,
    disclosureEndsOn: input.disclosureEndsOn ?? null,
    keyAttentionExtended: input.keyAttentionExtended,
    isRestDay: input.isRestDay,
  });
  if (!period.ok) {
    throw new RecordValidationError(
      period.field === 'severity' ? 'severity' : 'disclosure-period',
      period.message,
    );
  }
  const disclosureEndsOn = period.endsOn;
  refuseUncollectable(input.content, subject.kind, input.consentRecorded ?? false);
  return { subjectId: subject.id, subjectKind: subject.kind, disclosureEndsOn };
}

/** 厦门办法第十五条: refuses content the platform may not collect. */
function refuseUncollectable(content: unknown, kind: SubjectKind, consentRecorded: boolean): void {
  const violations = collectionViolations(content, { kind, consentRecorded });
  if (violations.length === 0) return;
  const forbidden = violations.some((v) => v.refusal === 'forbidden-data');
  throw new RecordValidationError(
    forbidden ? 'forbidden-data' : 'consent-required',
    forbidden
      ? `厦门办法第十五条: may not collect ${violations.map((v) => v.path).join(', ')}`
      : `厦门办法第十五条: ${violations.map((v) => v.path).join(', ')} needs the subject's written consent`,
    { violations },
  );
}

export async function nextRecordId(trx: Knex.Transaction): Promise<string> {
  // Only the numeric ids count: 'rec-' and n digits (6 at least). Ids grow a digit only once a width's last
  // id (rec-9…9) is taken, so the first width whose last id is free holds the largest id, found by looking
  // down from that last id: one or two index entries. (Looking from the widest width down instead passes
  // every narrower id on the way, as 'rec-100000' sorts among the 7-digit ids: a scan of the whole index.)
  for (let width = MIN_ID_DIGITS; width <= MAX_ID_DIGITS; width += 1) {
    const top = `rec-${'9'.repeat(width)}`;
    if (await trx('records').where({ id: top }).first('id')) continue;
    const last = await trx('records')
      .where('id', 'like', `rec-${'_'.repeat(width)}`)
      .andWhereBetween('id', [`rec-${'0'.repeat(width)}`, top])
      .orderBy('id', 'desc')
      .first('id');
    const n = last ? Number(String(last.id).slice(4)) : NaN;
    if (Number.isInteger(n)) return recordId(n + 1);
    return recordId(width === MIN_ID_DIGITS ? 1 : 10 ** (width - 1));
  }
  throw new Error(`record ids past rec-${'9'.repeat(MAX_ID_DIGITS)} are not numbered`);
}

const MIN_ID_DIGITS = 6;
const MAX_ID_DIGITS = 12;

/** 'rec-000001' for 1: at least six digits, the width the seed and docs use. */
export function recordId(n: number): string {
  return `rec-${String(n).padStart(MIN_ID_DIGITS, '0')}`;
}

// ---------------------------------------------------------------------------------------------------

async function mustRead(trx: Knex.Transaction, id: string): Promise<RecordRow> {
  const row: RecordRow | undefined = await trx('records').where({ id }).first();
  if (!row) throw new RecordNotFoundError(id);
  return row;
}

async function audit(
  trx: Knex.Transaction,
  input: { recordId: string; at: string; actor: RecordActor },
  action: string,
  detail: unknown,
  reason: string | null = null,
): Promise<void> {
  await appendAudit(trx, {
    at: input.at,
    actorRole: input.actor.role,
    actorId: input.actor.userId,
    action,
    entityType: 'record',
    entityId: input.recordId,
    detail,
    reason,
  });
}
