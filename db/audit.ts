import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { isPostgres } from '../migrations/lib/append-only';
import { insertRows } from './bulk-insert';

export interface AuditEntry {
  at: string;
  actorRole: string;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  detail: unknown;
  reason?: string | null;
}

export const GENESIS_HASH = '0'.repeat(64);

interface AuditRow {
  id: number;
  at: string;
  actor_role: string;
  actor_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  detail: string;
  reason: string | null;
  prev_hash: string;
  hash: string;
}

function rowHash(prevHash: string, row: Omit<AuditRow, 'id' | 'prev_hash' | 'hash'>): string {
  const canonical = JSON.stringify([
    prevHash,
    row.at,
    row.actor_role,
    row.actor_id,
    row.action,
    row.entity_type,
    row.entity_id,
    row.detail,
    row.reason,
  ]);
  // One-shot (Node 20.12): a batch of collected records chains 10,000 entries in one go.
  return crypto.hash('sha256', canonical, 'hex');
}

/**
 * Appends one entry to the hash-chained audit log. Pass the caller's transaction when the audited change
 * is written in one, so the change and its audit entry commit together.
 */
export function appendAudit(db: Knex | Knex.Transaction, entry: AuditEntry): Promise<void> {
  return appendAuditEntries(db, 1, () => entry);
}

/** Rows per multi-row INSERT: well under SQLite's and PostgreSQL's bound-parameter limits. */
const INSERT_CHUNK = 400;

/**
 * Appends `count` entries, `entryAt(0)`… in order, to the chain: one read of its tail and multi-row inserts,
 * for a change that audits many rows at once (a batch of collected records). Each entry is asked for once,
 * as it is written, so a batch's entries are never all held at once.
 */
export async function appendAuditEntries(
  db: Knex | Knex.Transaction,
  count: number,
  entryAt: (i: number) => AuditEntry,
): Promise<void> {
  if (count === 0) return;
  const write = async (trx: Knex.Transaction) => {
    // Concurrent appenders would both read the same tail and fork the chain: serialize them.
    if (isPostgres(trx)) await trx.raw('LOCK TABLE audit_log IN SHARE ROW EXCLUSIVE MODE');
    const last = await trx('audit_log').select('hash').orderBy('id', 'desc').first();
    let prevHash: string = last?.hash ?? GENESIS_HASH;
    // insertRows asks for the rows in order, once each: the chain links them as they come.
    await insertRows(
      trx,
      'audit_log',
      count,
      (i) => {
        const entry = entryAt(i);
        const row = {
          at: entry.at,
          actor_role: entry.actorRole,
          actor_id: entry.actorId,
          action: entry.action,
          entity_type: entry.entityType,
          entity_id: entry.entityId,
          detail: JSON.stringify(entry.detail ?? null),
          reason: entry.reason ?? null,
          prev_hash: prevHash,
          hash: '',
        };
        row.hash = prevHash = rowHash(prevHash, row);
        return row;
      },
      INSERT_CHUNK,
    );
  };
  if (db.isTransaction) return write(db as Knex.Transaction);
  return (db as Knex).transaction(write);
}

export interface AuditVerification {
  ok: boolean;
  entries: number;
  /** The first entry whose stored hash or link does not match. */
  brokenAt: number | null;
  /** How it is broken: its content no longer gives its hash, or it does not link to the entry before. */
  broken?: 'content-altered' | 'link-broken';
}

/** Recomputes the chain from the first entry: any edited, removed or reordered row breaks it. */
export async function verifyAuditChain(knex: Knex): Promise<AuditVerification> {
  const rows: AuditRow[] = await knex('audit_log').select('*').orderBy('id', 'asc');
  let prev = GENESIS_HASH;
  for (const row of rows) {
    const { id: _id, prev_hash, hash, ...content } = row;
    if (prev_hash !== prev)
      return { ok: false, entries: rows.length, brokenAt: row.id, broken: 'link-broken' };
    if (rowHash(prev, content) !== hash) {
      return { ok: false, entries: rows.length, brokenAt: row.id, broken: 'content-altered' };
    }
    prev = hash;
  }
  return { ok: true, entries: rows.length, brokenAt: null };
}
