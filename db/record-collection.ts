import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { submissionFingerprint, type CheckedSubmission } from '../domain/collection';
import { isPostgres } from '../migrations/lib/append-only';
import { appendAuditEntries, type AuditEntry } from './audit';
import { insertRows } from './bulk-insert';
import { chunks } from './chunks';
import { activeOptOuts } from './opt-outs';
import { nextRecordId, recordId, type RecordActor } from './records';

/**
 * Stores records submitted by a provider unit (厦门办法第十一条) — rows already checked by
 * domain/collection — in one transaction: each record with its version 1 and its audit entry, or nothing.
 * Idempotent on the provider's own record number: the same submission again answers the record it made;
 * the same number with different content is a conflict naming that record.
 */

export interface CollectionRow {
  /** The row's position in the request, for the answer. */
  index: number;
  record: CheckedSubmission;
}

export interface CollectInput {
  providerUnitId: string;
  rows: readonly CollectionRow[];
  /**
   * Store nothing when any row conflicts, or when `rejectedElsewhere` (rows the caller already refused):
   * the batch's all-or-nothing mode. Otherwise the good rows are stored and the conflicts reported.
   */
  allOrNothing: boolean;
  rejectedElsewhere: boolean;
  at: string;
  actor: RecordActor;
}

export type RowOutcome =
  /** `id` is null when all-or-nothing stored nothing. */
  | { index: number; status: 'created'; id: string | null }
  /** A re-submission of a stored record, or a repeat of an earlier row of the same request. */
  | { index: number; status: 'existing'; id: string | null }
  /**
   * The provider's number is taken, with a different submission: by the stored record `existingId`, or by
   * the earlier row `sameNumberAs` of this request.
   */
  | { index: number; status: 'conflict'; existingId: string | null; sameNumberAs: number | null };

export interface CollectResult {
  /** One per input row, in input order. */
  outcomes: RowOutcome[];
  /** False when all-or-nothing refused the batch: nothing was stored. */
  stored: boolean;
  /**
   * 第十三条: the records created by this call that wait for their pre-collection notice: each needs a
   * `notice` case. Records found again (a re-submission) are not repeated here.
   */
  noticeRequired: string[];
  /**
   * 第二十八条: the records of this call — created, or found again — whose disclosure period still runs: each
   * needs its expiry timer (started idempotently, so a re-submission heals a start that failed).
   */
  timed: TimedRecord[];
}

/** A stored record and the last day it is disclosed. */
export interface TimedRecord {
  recordId: string;
  endsOn: string;
}

/** Rows per multi-row INSERT: the records table has ~30 columns, well under the bound-parameter limits. */
const INSERT_CHUNK = 400;

export function collectRecords(db: Knex, input: CollectInput): Promise<CollectResult> {
  return db.transaction(async (trx) => {
    // Collectors take record ids and claim source numbers: one at a time. Readers are not blocked.
    if (isPostgres(trx)) await trx.raw('LOCK TABLE records IN SHARE ROW EXCLUSIVE MODE');
    const known = await knownSubmissions(trx, input.providerUnitId, input.rows);
    const timedAgain = new Map<string, TimedRecord>();
    // Who holds each number: a stored record's id, or the position in `fresh` of a row of this request.
    const claimed = new Map<string, { hash: string; holder: string | number }>(
      [...known].map(([no, k]) => [no, { hash: k.hash, holder: k.id }]),
    );
    const fresh: { index: number; record: CheckedSubmission; hash: string }[] = [];
    const placed: { index: number; status: RowOutcome['status']; holder: string | number }[] = [];
    for (const { index, record } of input.rows) {
      const hash = sha256(submissionFingerprint(record));
      const earlier = claimed.get(record.sourceRecordNo);
      if (earlier === undefined) {
        claimed.set(record.sourceRecordNo, { hash, holder: fresh.length });
        placed.push({ index, status: 'created', holder: fresh.length });
        fresh.push({ index, record, hash });
      } else {
        const status = earlier.hash === hash ? 'existing' : 'conflict';
        placed.push({ index, status, holder: earlier.holder });
        const timed = typeof earlier.holder === 'string' ? known.get(record.sourceRecordNo)?.timed : null;
        if (status === 'existing' && timed) timedAgain.set(timed.recordId, timed);
      }
    }
    const conflicts = placed.some((p) => p.status === 'conflict');
    const stored = !(input.allOrNothing && (conflicts || input.rejectedElsewhere));
    const first = stored && fresh.length > 0 ? Number((await nextRecordId(trx)).slice(4)) : 0;
    // Each new id spelled out once: the records, versions, audit entries and the answer all name it.
    const ids = stored ? fresh.map((_, i) => recordId(first + i)) : [];
    const idOf = (holder: string | number) =>
      typeof holder === 'string' ? holder : stored ? ids[holder] : null;
    const outcomes = placed.map(({ index, status, holder }): RowOutcome => {
      if (status !== 'conflict') return { index, status, id: idOf(holder) };
      const sameNumberAs = typeof holder === 'number' ? fresh[holder].index : null;
      return { index, status, existingId: idOf(holder), sameNumberAs };
    });
    if (!stored) return { outcomes, stored, noticeRequired: [], timed: [] };
    await insertRecords(trx, input, fresh, ids);
    const noticeRequired: string[] = [];
    const timed: TimedRecord[] = [];
    fresh.forEach(({ record: r }, i) => {
      if (r.pendingNotice) noticeRequired.push(ids[i]);
      if (r.disclosureEndsOn !== null && !r.archived)
        timed.push({ recordId: ids[i], endsOn: r.disclosureEndsOn });
    });
    return { outcomes, stored, noticeRequired, timed: [...timed, ...timedAgain.values()] };
  });
}

/**
 * The unit's records already holding the rows' source numbers: number → { submission hash, id, and its end
 * date while its period still runs }.
 */
async function knownSubmissions(
  trx: Knex.Transaction,
  providerUnitId: string,
  rows: readonly CollectionRow[],
): Promise<Map<string, { hash: string; id: string; timed: TimedRecord | null }>> {
  const numbers = [...new Set(rows.map((r) => r.record.sourceRecordNo))];
  const known = new Map<string, { hash: string; id: string; timed: TimedRecord | null }>();
  for (const part of chunks(numbers)) {
    const found: {
      id: string;
      source_record_no: string;
      submission_hash: string | null;
      disclosure_ends_on: string | null;
      archived: boolean | number;
    }[] = await trx('records')
      .where({ provider_unit_id: providerUnitId })
      .whereIn('source_record_no', part)
      .select('id', 'source_record_no', 'submission_hash', 'disclosure_ends_on', 'archived');
    for (const r of found) {
      const timed =
        r.disclosure_ends_on !== null && !r.archived
          ? { recordId: r.id, endsOn: r.disclosure_ends_on }
          : null;
      known.set(r.source_record_no, { hash: r.submission_hash ?? '', id: r.id, timed });
    }
  }
  return known;
}

async function insertRecords(
  trx: Knex.Transaction,
  input: CollectInput,
  fresh: { record: CheckedSubmission; hash: string }[],
  ids: readonly string[],
): Promise<void> {
  const { at, actor, providerUnitId } = input;
  const optedOut = await subjectsOptedOut(trx, fresh);
  // Row objects are made as insertRows binds them (see there); the content's JSON is kept for its version.
  const contents: string[] = new Array(fresh.length);
  await insertRows(
    trx,
    'records',
    fresh.length,
    (i) => {
      const { record: r, hash } = fresh[i];
      const withheld = optedOut.has(r.subjectId) && r.category === 'positive';
      return {
        id: ids[i],
        subject_id: r.subjectId,
        subject_name: r.subjectName,
        subject_kind: r.subjectKind,
        provider_unit_id: providerUnitId,
        category: r.category,
        list_type: r.listType,
        content: (contents[i] = JSON.stringify(r.content)),
        decided_on: r.decidedOn,
        disclosure: r.disclosure,
        disclosure_ends_on: r.disclosureEndsOn,
        version: 1,
        repaired: false,
        non_disclosed: withheld,
        archived: r.archived || withheld,
        deleted: false,
        pending_notice: r.pendingNotice,
        consent_recorded: r.consentRef !== null,
        consent_ref: r.consentRef,
        notice_exemption_basis: r.noticeExemptionBasis,
        severity: r.severity,
        source_record_no: r.sourceRecordNo,
        submission_hash: hash,
        created_at: at,
        updated_at: at,
      };
    },
    INSERT_CHUNK,
  );
  await insertRows(
    trx,
    'record_versions',
    fresh.length,
    (i) => ({
      record_id: ids[i],
      version: 1,
      content: contents[i],
      reason: 'collected',
      case_id: null,
      idempotency_key: null,
      created_at: at,
      created_by: actor.userId,
      created_by_role: actor.role,
    }),
    INSERT_CHUNK,
  );
  await appendAuditEntries(trx, fresh.length, (i): AuditEntry => {
    const r = fresh[i].record;
    return {
      at,
      actorRole: actor.role,
      actorId: actor.userId,
      action: 'record.collected',
      entityType: 'record',
      entityId: ids[i],
      detail: {
        providerUnitId,
        sourceRecordNo: r.sourceRecordNo,
        category: r.category,
        listType: r.listType,
        severity: r.severity,
        disclosureEndsOn: r.disclosureEndsOn,
        pendingNotice: r.pendingNotice, // 第十三条
        noticeExemption: r.noticeExemptionBasis, // 第十三条 但书
        consentRef: r.consentRef, // 第十五条第二款
        archivedAtCollection: r.archived, // 第二十八条: its period had already ended
      },
      reason: null,
    };
  });
}

/** 第二十七条: subjects that opted out of disclosing positive records; a new one is withheld and archived too. */
async function subjectsOptedOut(trx: Knex.Transaction, fresh: { record: CheckedSubmission }[]) {
  const subjects = [
    ...new Set(fresh.filter((f) => f.record.category === 'positive').map((f) => f.record.subjectId)),
  ];
  const found = new Set<string>();
  for (const part of chunks(subjects)) {
    const rows: { subject_id: string }[] = await activeOptOuts(trx)
      .whereIn('subject_id', part)
      .distinct('subject_id');
    for (const r of rows) found.add(r.subject_id);
  }
  return found;
}

/** One-shot: a hash object per row was a visible part of a 10,000-row batch. */
function sha256(text: string): string {
  return crypto.hash('sha256', text, 'hex');
}
