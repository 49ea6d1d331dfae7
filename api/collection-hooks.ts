/**
 * What happens after records are collected (committed), outside the collecting transaction.
 *
 * 厦门办法第十三条: every dishonesty record collected without a legal exemption waits, invisible, until its
 * pre-collection notice is served; the `notice` case that serves it belongs to the case platform, which is
 * built separately. Until that lands, `noNoticeCasesYet` is the hook: it starts nothing, so such records
 * stay pending (`flags.pendingNotice`) — found again with `records.pending_notice = true` and no notice case.
 */
export interface CollectedRecords {
  providerUnitId: string;
  /** Records created by this request that need a `notice` case (第十三条), in row order. */
  noticeRequired: string[];
  /** When they were collected (ISO instant): the notice case's deadline counts from here. */
  at: string;
}

export type OnRecordsCollected = (collected: CollectedRecords) => Promise<void>;

/** The hook until the case platform can open notice cases: does nothing. */
export const noNoticeCasesYet: OnRecordsCollected = async () => undefined;
