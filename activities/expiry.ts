/**
 * The side effects on a record's disclosure period (厦门办法第二十八条): archiving it when its expiry timer
 * fires — a flag and an audit entry, nothing deleted — and extending a key-attention listing to two years.
 * Idempotent: a retry or a replay finds the change made and writes nothing.
 */
import type { Knex } from 'knex';
import { loadCalendarData } from '../db/calendar';
import { extendDisclosureEnd, markArchived } from '../db/records';
import { WorkingCalendar } from '../domain/calendar';
import { periodEnd, periodRule } from '../domain/disclosure-period';
import { ARCHIVING_ARTICLE } from '../domain/record-expiry';
import type { ExpiryActivities, RecordActivities } from './types';

const SYSTEM_ACTOR = { role: 'system', userId: null };

export function createExpiryActivities({
  knex,
}: {
  knex: Knex;
}): ExpiryActivities & Pick<RecordActivities, 'extendDisclosure'> {
  return {
    async archiveRecord({ recordId, endsOn, at }) {
      const row = await knex('records').where({ id: recordId }).first('disclosure_ends_on');
      const stored: string | null = row?.disclosure_ends_on ?? null;
      // The end date moved later (an extension, 第二十八条) after the timer was set: not yet.
      if (stored === null || stored > endsOn) return { archived: false, endsOn: stored };
      await markArchived(knex, {
        recordId,
        caseId: null,
        at,
        actor: SYSTEM_ACTOR,
        reason: `${ARCHIVING_ARTICLE}: 公示期届满 (disclosed through ${stored})`,
      });
      return { archived: true, endsOn: stored };
    },

    async extendDisclosure({ recordId, caseId, at }) {
      const row = await knex('records').where({ id: recordId }).first('decided_on');
      const calendar = WorkingCalendar.from(await loadCalendarData(knex));
      // Two years from the listing's decision, counted as at collection (民法典第二百零一～二百零三条).
      const rule = periodRule('key-attention', null, { keyAttentionExtended: true });
      const endsOn = periodEnd(row.decided_on, rule.defaultMonths, (d) => !calendar.isWorkingDay(d));
      await extendDisclosureEnd(knex, {
        recordId,
        caseId,
        at,
        actor: SYSTEM_ACTOR,
        endsOn,
        reason: `${rule.article}: 重点关注名单公示期调整为二年`,
      });
    },
  };
}
