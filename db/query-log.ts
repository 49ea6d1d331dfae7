import type { Knex } from 'knex';

/**
 * The query log (厦门查询规则第十二条): who queried which subject, when, why, and what was returned — every
 * report and every refused attempt. Append-only in the database (triggers); this module only inserts and
 * reads.
 */

export interface QueryActor {
  /** A role, or 'anonymous' for a caller without a token. */
  role: string;
  userId: string | null;
  unitId: string | null;
}

export interface QueryLogEntry {
  at: string;
  actor: QueryActor;
  kind: string | null;
  purpose: string | null;
  subjectId: string | null;
  reportCode: string | null;
  authorizationCode: string | null;
  recordIds: string[];
  outcome: 'provided' | 'refused';
  /** For a refusal: the problem type answered (e.g. 'forbidden'), and its detail. */
  refusal: string | null;
  detail: string | null;
}

export const ANONYMOUS: QueryActor = { role: 'anonymous', userId: null, unitId: null };

const clip = (s: string | null, n: number) => (s === null ? null : s.slice(0, n));

export async function appendQueryLog(db: Knex, e: QueryLogEntry): Promise<void> {
  await db('query_log').insert({
    at: e.at,
    actor_role: e.actor.role,
    actor_id: e.actor.userId,
    actor_unit_id: e.actor.unitId,
    kind: clip(e.kind, 16),
    purpose: clip(e.purpose, 200),
    // A refused request may carry anything here: keep what fits, the log must still be written.
    subject_id: clip(e.subjectId, 18),
    report_code: e.reportCode,
    authorization_code: clip(e.authorizationCode, 32),
    record_ids: JSON.stringify(e.recordIds),
    outcome: e.outcome,
    refusal: e.refusal,
    detail: clip(e.detail, 500),
  });
}

export interface QueryLogFilter {
  subjectId?: string;
  /** A provider sees the queries its own unit made. */
  actorUnitId?: string;
}

interface QueryLogRow {
  id: number;
  at: string;
  actor_role: string;
  actor_id: string | null;
  actor_unit_id: string | null;
  kind: string | null;
  purpose: string | null;
  subject_id: string | null;
  report_code: string | null;
  authorization_code: string | null;
  record_ids: string;
  outcome: 'provided' | 'refused';
  refusal: string | null;
  detail: string | null;
}

export function queryLogQuery(db: Knex, filter: QueryLogFilter): Knex.QueryBuilder {
  return db('query_log').modify((b) => {
    if (filter.subjectId !== undefined) b.where({ subject_id: filter.subjectId });
    if (filter.actorUnitId !== undefined) b.where({ actor_unit_id: filter.actorUnitId });
  });
}

export function toQueryLogEntry(row: QueryLogRow): QueryLogEntry {
  return {
    at: row.at,
    actor: { role: row.actor_role, userId: row.actor_id, unitId: row.actor_unit_id },
    kind: row.kind,
    purpose: row.purpose,
    subjectId: row.subject_id,
    reportCode: row.report_code,
    authorizationCode: row.authorization_code,
    recordIds: JSON.parse(row.record_ids),
    outcome: row.outcome,
    refusal: row.refusal,
    detail: row.detail,
  };
}
