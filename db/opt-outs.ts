import type { Knex } from 'knex';
import { appendAudit } from './audit';
import type { RecordActor } from './records';

/**
 * 守信信息不公开 (厦门办法第二十七条): a subject's standing request that its positive records are not
 * disclosed, kept per approving case. While one is active, a positive record collected for the subject is
 * withheld and archived too; a revoked one is kept with when, by whom and why.
 */
export interface OptOut {
  caseId: string;
  since: string;
  revokedAt: string | null;
  revokedBy: string | null;
  revokeReason: string | null;
}

interface OptOutRow {
  subject_id: string;
  case_id: string;
  created_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
  revoke_reason: string | null;
}

/** The opt-outs still in force: the query every collection path filters positive records with. */
export const activeOptOuts = (db: Knex | Knex.Transaction) =>
  db('non_disclosure_opt_outs').whereNull('revoked_at');

/** The subject's opt-out, approved by `caseId`; recording it again changes nothing. */
export async function recordOptOut(
  db: Knex | Knex.Transaction,
  optOut: { subjectId: string; caseId: string; at: string },
): Promise<void> {
  await db('non_disclosure_opt_outs')
    .insert({ subject_id: optOut.subjectId, case_id: optOut.caseId, created_at: optOut.at })
    .onConflict(['subject_id', 'case_id'])
    .ignore();
}

export async function optOutsOf(db: Knex | Knex.Transaction, subjectId: string): Promise<OptOut[]> {
  const rows: OptOutRow[] = await db('non_disclosure_opt_outs')
    .where({ subject_id: subjectId })
    .orderBy('created_at');
  return rows.map((r) => ({
    caseId: r.case_id,
    since: r.created_at,
    revokedAt: r.revoked_at,
    revokedBy: r.revoked_by,
    revokeReason: r.revoke_reason,
  }));
}

/**
 * The subject says otherwise: every active opt-out is revoked (records already withheld stay archived; the
 * revocation concerns what is collected from now on). Answers how many were revoked: 0 when none was active.
 */
export function revokeOptOuts(
  db: Knex,
  input: { subjectId: string; reason: string; at: string; actor: RecordActor },
): Promise<number> {
  return db.transaction(async (trx) => {
    const revoked = await activeOptOuts(trx)
      .where({ subject_id: input.subjectId })
      .update({ revoked_at: input.at, revoked_by: input.actor.userId, revoke_reason: input.reason });
    if (revoked > 0) {
      await appendAudit(trx, {
        at: input.at,
        actorRole: input.actor.role,
        actorId: input.actor.userId,
        action: 'non-disclosure.opt-out-revoked',
        entityType: 'subject',
        entityId: input.subjectId,
        detail: { revoked },
        reason: input.reason,
      });
    }
    return revoked;
  });
}
