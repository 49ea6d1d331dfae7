import type { TimedRecord } from '../db/record-collection';
import type { AppDeps } from './app';
import { openKeyAttentionCases } from './case-types/key-attention';
import { openNoticeCases } from './case-types/notice';
import { armExpiryTimers } from './expiry-timers';

/**
 * What happens after records are collected (committed), outside the collecting transaction.
 *
 * 厦门办法第十三条: every dishonesty record collected without a legal exemption waits, invisible, until its
 * pre-collection notice is served by a `notice` case (api/case-types/notice.ts opens one per record). A
 * record whose case failed to start stays pending (`flags.pendingNotice`).
 *
 * 第二十八条: every record whose disclosure period runs gets its expiry timer (api/expiry-timers.ts) — at
 * submission, pending notice or not: the period counts from the decision, not from the notice, and a
 * record archived while its notice is still open stays archived when the notice collects it.
 */
export interface CollectedRecords {
  providerUnitId: string;
  /** Records created by this request that need a `notice` case (第十三条), in row order. */
  noticeRequired: string[];
  /** 第二十八条: records of this request (new or found again) whose period still runs. */
  timed: TimedRecord[];
  /** When they were collected (ISO instant): the notice case's deadline counts from here. */
  at: string;
}

export type OnRecordsCollected = (collected: CollectedRecords) => Promise<void>;

/**
 * The default hand-over: expiry timers first (they cannot fail on the records' state), then notice cases,
 * then 第二十八条's key-attention reminders.
 */
export function afterCollection(deps: AppDeps): OnRecordsCollected {
  const notices = openNoticeCases(deps);
  const keyAttention = openKeyAttentionCases(deps);
  return async (collected) => {
    await armExpiryTimers(deps.db.knex, deps.engine, collected.timed, deps.clock.now());
    if (collected.noticeRequired.length > 0) await notices(collected);
    await keyAttention(
      collected.timed.map((t) => t.recordId),
      collected.at,
    );
  };
}
