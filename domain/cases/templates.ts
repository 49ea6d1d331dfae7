/**
 * The notification templates cases write to the outbox: the contract with whatever delivers them
 * (SMS, mail, the console) and with the dashboards that count them.
 */
export const TEMPLATES = {
  dueSoon: 'deadline.due-soon',
  breached: 'deadline.breached',
  reminder: 'deadline.reminder',
  /** The second-level escalation to supervisors, after the Nth reminder. */
  escalated: 'deadline.escalated',
  verificationRequested: 'objection.verification-requested',
  objectionWithdrawn: 'objection.withdrawn',
  objectionClosed: 'objection.closed',
  recordCollected: 'notice.record-collected',
  repairReviewRequested: 'repair.review-requested',
  repairWithdrawn: 'repair.withdrawn',
  repairDecided: 'repair.decided',
  recordRepaired: 'repair.record-repaired',
  nonDisclosureDecided: 'non-disclosure.decided',
  recordsNonDisclosed: 'non-disclosure.records-archived',
  /** 厦门办法第二十八条: the subject is told it is on key-attention lists of three or more sectors. */
  keyAttentionSubject: 'key-attention.subject-notified',
  /** … and each provider unit is reminded to extend its listing's period to two years. */
  keyAttentionReminder: 'key-attention.extension-reminder',
} as const;
