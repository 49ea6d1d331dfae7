/**
 * What happens after records are collected (committed), outside the collecting transaction.
 *
 * 厦门办法第十三条: every dishonesty record collected without a legal exemption waits, invisible, until its
 * pre-collection notice is served by a `notice` case (api/case-types/notice.ts opens one per record). A
 * record whose case failed to start stays pending (`flags.pendingNotice`).
 */
export interface CollectedRecords {
  providerUnitId: string;
  /** Records created by this request that need a `notice` case (第十三条), in row order. */
  noticeRequired: string[];
  /** When they were collected (ISO instant): the notice case's deadline counts from here. */
  at: string;
}

export type OnRecordsCollected = (collected: CollectedRecords) => Promise<void>;
