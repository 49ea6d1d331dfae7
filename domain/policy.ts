/**
 * Policy profiles: the numbers and options each city's rules fix. Xiamen (厦门办法) is the default;
 * the others are alternative profiles. Values marked (design) are ours where the text is silent.
 */
export type ProfileId = 'xiamen' | 'yunfu' | 'wuhan' | 'nantong' | 'tianjin' | 'shenzhen-draft';

export interface ObjectionPolicy {
  /** Working days for the credit center's platform comparison (比对). */
  compareDays: number;
  /** Working days for the provider unit's verification (核查), from its receipt of the notice. */
  verifyDays: number;
  /** Working days for the credit center to process the result and tell the applicant. */
  processDays: number;
  /** Provider overdue → stop providing the record in queries (中止提供查询). */
  suspendWhenProviderOverdue: boolean;
  /** Whether excluded time (e.g. Tianjin 第十二条: inspection, appraisal, expert review) may pause the clock. */
  pauseAllowed: boolean;
  article: string;
}

export interface NoticePolicy {
  /** Working days the provider unit has to serve the pre-collection notice (design default). */
  notifyDays: number;
  /** Calendar days after publication that service by announcement is complete (民事诉讼法第九十五条). */
  announceDays: number;
  article: string;
}

/**
 * 厦门办法第二十八条: a subject on key-attention lists of three or more sectors within twelve months — the
 * credit center notifies the subject and reminds each provider unit to extend the period to two years.
 */
export interface KeyAttentionPolicy {
  /** Working days a provider unit has to decide on the reminder (design default 5). */
  decideDays: number;
  /** Listings of this many sectors (distinct provider units) … */
  sectors: number;
  /** … within this many months of each other trigger the reminder. */
  windowMonths: number;
  article: string;
}

export interface EscalationPolicy {
  /** Due-soon warning this many working days before a deadline (design). */
  dueSoonWorkingDays: number;
  /** After a breach, a reminder every this many working days until the step is done (design). */
  reminderEveryWorkingDays: number;
  /** Reminders after which the breach escalates to the second level (design). */
  secondLevelAfterReminders: number;
}

/**
 * 信用修复 (厦门办法第二十三条; 国家发展改革委令第36号 under 国办发〔2025〕22号). The texts we hold fix no
 * working-day timings: they are design defaults (RULES.md, national rules), each cited in `article`.
 */
export interface RepairPolicy {
  /** Working days for the credit center to accept or refuse (design default 3, RULES.md). */
  acceptDays: number;
  /** Working days for the deciding provider unit (认定单位, 谁认定、谁修复) to review (design default 7). */
  reviewDays: number;
  /** Months any dishonesty record stays published before repair (厦门办法第二十八条: at least 3 months). */
  minimumMonths: number;
  article: string;
}

/** 守信信息不公开 (厦门办法第二十七条; 武汉办法第二十九条). */
export interface NonDisclosurePolicy {
  /** Working days from acceptance to stop providing the records. */
  reviewDays: number;
  /** Wuhan 第二十九条: the records are marked deleted (never removed) besides being archived. */
  markDeleted: boolean;
  article: string;
}

export interface Policy {
  id: ProfileId;
  name: string;
  /** 'HH:mm' close of business; null = a deadline ends at 24:00 (民法典 第二百零三条). */
  deadlineOptions: { closeOfBusiness: string | null };
  objection: ObjectionPolicy;
  notice: NoticePolicy;
  keyAttention: KeyAttentionPolicy;
  repair: RepairPolicy;
  nonDisclosure: NonDisclosurePolicy;
  escalation: EscalationPolicy;
}

const escalation: EscalationPolicy = {
  dueSoonWorkingDays: 1,
  reminderEveryWorkingDays: 1,
  secondLevelAfterReminders: 3,
};
const endOfDay = { closeOfBusiness: null };
// 厦门办法第十三条 sets no period for the notice: 5 working days is our design default (RULES.md); the
// announcement period is the Civil Procedure Law's 30 days for 公告送达.
const notice: NoticePolicy = {
  notifyDays: 5,
  announceDays: 30,
  article: '厦门办法第十三条；民事诉讼法第九十五条',
};

// 第二十八条 fixes three sectors and twelve months (the two years are the record's period rule,
// domain/disclosure-period.ts); it sets no time for the provider's decision:
// 5 working days is our design default, the same as the pre-collection notice's.
const keyAttention: KeyAttentionPolicy = {
  decideDays: 5,
  sectors: 3,
  windowMonths: 12,
  article: '厦门办法第二十八条',
};

const repair: RepairPolicy = {
  acceptDays: 3,
  reviewDays: 7,
  minimumMonths: 3,
  article:
    '厦门办法第二十三条、第二十八条; 国家发展改革委令第36号; 国办发〔2025〕22号 §二 (accept 3 WD, review 7 WD: design)',
};
/** Where the local text is silent on a minimum period, only the national severity rule applies. */
const nationalRepair: RepairPolicy = {
  ...repair,
  minimumMonths: 0,
  article: '国家发展改革委令第36号; 国办发〔2025〕22号 §二 (accept 3 WD, review 7 WD: design)',
};
const nonDisclosure: NonDisclosurePolicy = {
  reviewDays: 5,
  markDeleted: false,
  article: '厦门办法第二十七条',
};

export const PROFILES: Record<ProfileId, Policy> = {
  xiamen: {
    id: 'xiamen',
    name: '厦门市公共信用信息管理办法',
    deadlineOptions: endOfDay,
    objection: {
      compareDays: 2,
      verifyDays: 6,
      processDays: 2,
      suspendWhenProviderOverdue: true,
      pauseAllowed: false, // the Xiamen text excludes no time from its periods
      article: '厦门办法第二十五条',
    },
    notice,
    keyAttention,
    repair,
    nonDisclosure,
    escalation,
  },
  yunfu: {
    id: 'yunfu',
    name: '云浮市公共信用信息管理办法',
    deadlineOptions: endOfDay,
    objection: {
      compareDays: 2,
      verifyDays: 5,
      processDays: 5,
      suspendWhenProviderOverdue: false,
      pauseAllowed: false,
      article: '云浮办法第三十三～三十五条',
    },
    notice,
    keyAttention,
    repair: nationalRepair,
    nonDisclosure,
    escalation,
  },
  wuhan: {
    id: 'wuhan',
    name: '武汉市公共信用信息管理办法',
    deadlineOptions: endOfDay,
    objection: {
      compareDays: 2,
      verifyDays: 10,
      processDays: 5,
      suspendWhenProviderOverdue: true,
      pauseAllowed: false,
      article: '武汉办法第三十一～三十二条',
    },
    notice,
    keyAttention,
    repair: nationalRepair,
    nonDisclosure: { reviewDays: 2, markDeleted: true, article: '武汉办法第二十九条' },
    escalation,
  },
  nantong: {
    id: 'nantong',
    name: '南通市公共信用信息管理办法',
    deadlineOptions: endOfDay,
    objection: {
      compareDays: 5,
      verifyDays: 7,
      processDays: 5,
      suspendWhenProviderOverdue: true,
      pauseAllowed: false,
      article: '南通办法第十四条',
    },
    notice,
    keyAttention,
    repair: { ...nationalRepair, article: `南通办法第十六～十七条; ${nationalRepair.article}` },
    nonDisclosure,
    escalation,
  },
  tianjin: {
    id: 'tianjin',
    name: '天津市公共信用信息管理办法',
    deadlineOptions: endOfDay,
    objection: {
      compareDays: 3,
      verifyDays: 10,
      processDays: 3,
      suspendWhenProviderOverdue: false,
      pauseAllowed: true,
      article: '天津办法第十二条',
    },
    notice,
    keyAttention,
    repair: nationalRepair,
    nonDisclosure,
    escalation,
  },
  'shenzhen-draft': {
    id: 'shenzhen-draft',
    name: '公共信用信息管理办法（征求意见稿）',
    deadlineOptions: endOfDay,
    objection: {
      compareDays: 5,
      verifyDays: 15,
      processDays: 5,
      suspendWhenProviderOverdue: false,
      pauseAllowed: false,
      article: '篇2第三十五～三十六条',
    },
    notice,
    keyAttention,
    repair: nationalRepair,
    nonDisclosure,
    escalation,
  },
};

export const DEFAULT_PROFILE: ProfileId = 'xiamen';

export function policyFor(id: string | undefined): Policy {
  if (!id) return PROFILES[DEFAULT_PROFILE];
  if (!(id in PROFILES)) {
    throw new RangeError(`Unknown policy profile "${id}"; known: ${Object.keys(PROFILES).join(', ')}`);
  }
  return PROFILES[id as ProfileId];
}
