/**
 * Authorization codes (湖北平台: 申请授权码授权他人查询自己的非公开信用信息; 厦门查询规则第六条第二项). A subject
 * issues a code for a purpose, optionally naming the grantee, valid through a last day and for a number of
 * reports. Pure: "today" (Asia/Shanghai) is an argument.
 */
import { addMonths, isCalendarDate } from './records';

/** How far ahead a code may run: an authorization is for a matter at hand, not a standing permission. */
export const MAX_AUTHORIZATION_MONTHS = 12;
/** Reports one code may give; the default is one report per code (one use = one query). */
export const MAX_AUTHORIZATION_USES = 10;
export const DEFAULT_AUTHORIZATION_USES = 1;

export type AuthorizationStatus = 'active' | 'revoked' | 'expired' | 'used-up';

export interface AuthorizationState {
  expiresOn: string;
  maxUses: number;
  uses: number;
  revoked: boolean;
}

/** Revocation wins over everything; then the last day (inclusive); then the uses left. */
export function authorizationStatus(a: AuthorizationState, today: string): AuthorizationStatus {
  if (a.revoked) return 'revoked';
  if (today > a.expiresOn) return 'expired';
  if (a.uses >= a.maxUses) return 'used-up';
  return 'active';
}

/** Why a requested last day is refused, or null: a real date, from today to MAX_AUTHORIZATION_MONTHS ahead. */
export function expiryRefusal(expiresOn: string, today: string): string | null {
  if (!isCalendarDate(expiresOn)) return 'expiresOn must be a YYYY-MM-DD date';
  if (expiresOn < today) return `expiresOn must not be before today (${today})`;
  const latest = addMonths(today, MAX_AUTHORIZATION_MONTHS);
  if (expiresOn > latest)
    return `expiresOn may be at most ${MAX_AUTHORIZATION_MONTHS} months ahead (${latest})`;
  return null;
}
