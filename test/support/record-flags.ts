import type { RecordFlags } from '../../domain/records';

/** A record no case, period or request has touched: shown in every query its disclosure allows. */
export const PLAIN_FLAGS: RecordFlags = {
  objectionCaseId: null,
  suspended: false,
  repaired: false,
  nonDisclosed: false,
  archived: false,
  deleted: false,
  pendingNotice: false,
};
