/**
 * 厦门办法第二十八条: "在十二个月内被列入三个以上行业、领域重点关注名单的，市信用中心应告知信用主体，并提醒
 * 信息提供单位将公示期调整为二年". Pure: which of a subject's key-attention listings call for the reminder.
 *
 * Our reading (README, "Collection"): a sector is a provider unit (each unit lists in its own field); the
 * twelve months are the listings' decision dates (`decidedOn`) lying within twelve months of each other —
 * a window from any listing's date to the same day twelve months later (民法典第二百零一条 counting). Every
 * listing inside a window holding three or more units is reminded, whichever provider made it.
 */
import type { KeyAttentionPolicy } from './policy';
import { addMonths } from './records';

export interface KeyAttentionListing {
  recordId: string;
  providerUnitId: string;
  decidedOn: string;
}

/**
 * The listings to remind because of `added` (listings just collected): those sharing a qualifying window
 * with one of them. Empty when no window of the subject's listings reaches the policy's sector count.
 */
export function listingsToRemind(
  listings: readonly KeyAttentionListing[],
  added: ReadonlySet<string>,
  policy: Pick<KeyAttentionPolicy, 'sectors' | 'windowMonths'>,
): KeyAttentionListing[] {
  const sorted = [...listings].sort((a, b) => a.decidedOn.localeCompare(b.decidedOn));
  const remind = new Map<string, KeyAttentionListing>();
  sorted.forEach((first, i) => {
    const until = addMonths(first.decidedOn, policy.windowMonths);
    const window = sorted.slice(i).filter((l) => l.decidedOn <= until);
    const sectors = new Set(window.map((l) => l.providerUnitId));
    if (sectors.size >= policy.sectors && window.some((l) => added.has(l.recordId))) {
      for (const l of window) remind.set(l.recordId, l);
    }
  });
  return sorted.filter((l) => remind.has(l.recordId));
}
