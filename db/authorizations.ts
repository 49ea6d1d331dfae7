import type { Knex } from 'knex';
import { authorizationStatus, type AuthorizationStatus } from '../domain/authorization';

/** Authorization codes as stored: issued by a subject, revoked by setting a flag, never deleted. */

export interface Authorization {
  code: string;
  subjectId: string;
  purpose: string;
  grantee: string | null;
  expiresOn: string;
  maxUses: number;
  uses: number;
  issuedAt: string;
  revokedAt: string | null;
  status: AuthorizationStatus;
}

interface AuthorizationRow {
  code: string;
  subject_id: string;
  purpose: string;
  grantee: string | null;
  expires_on: string;
  max_uses: number | string;
  uses: number | string;
  issued_at: string;
  revoked_at: string | null;
}

/** The authorizations with their use counts (reports given on them so far). */
export function authorizationsQuery(db: Knex): Knex.QueryBuilder {
  return db('authorizations as a').select(
    'a.*',
    db('authorization_uses as u').count('*').whereRaw('u.authorization_code = a.code').as('uses'),
  );
}

export function toAuthorization(row: AuthorizationRow, today: string): Authorization {
  const state = {
    expiresOn: row.expires_on,
    maxUses: Number(row.max_uses),
    uses: Number(row.uses),
    revoked: row.revoked_at !== null,
  };
  return {
    code: row.code,
    subjectId: row.subject_id,
    purpose: row.purpose,
    grantee: row.grantee,
    expiresOn: row.expires_on,
    maxUses: state.maxUses,
    uses: state.uses,
    issuedAt: row.issued_at,
    revokedAt: row.revoked_at,
    status: authorizationStatus(state, today),
  };
}

export async function getAuthorization(db: Knex, code: string, today: string): Promise<Authorization | null> {
  const row = await authorizationsQuery(db).where('a.code', code).first();
  return row ? toAuthorization(row, today) : null;
}

/** What issuing writes: the code as the subject asked for it; uses, revocation and status come later. */
export type NewAuthorization = Omit<Authorization, 'uses' | 'revokedAt' | 'status'> & { issuedBy: string };

export async function insertAuthorization(db: Knex, a: NewAuthorization): Promise<void> {
  await db('authorizations').insert({
    code: a.code,
    subject_id: a.subjectId,
    purpose: a.purpose,
    grantee: a.grantee,
    expires_on: a.expiresOn,
    max_uses: a.maxUses,
    issued_at: a.issuedAt,
    issued_by: a.issuedBy,
  });
}

/** Sets the revocation flag once; a second revocation keeps the first one's time and author. */
export async function revokeAuthorization(db: Knex, code: string, at: string, by: string): Promise<void> {
  await db('authorizations')
    .where({ code })
    .whereNull('revoked_at')
    .update({ revoked_at: at, revoked_by: by });
}
