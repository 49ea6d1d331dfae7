/**
 * The side effect of records' expiry timers (厦门办法第二十八条): archiving — a flag and an audit entry per
 * record, nothing deleted.
 * Idempotent: a retry or a replay finds the change made and writes nothing.
 */
import type { Knex } from 'knex';
import { markArchived } from '../db/records';
import { ARCHIVING_ARTICLE } from '../domain/record-expiry';
import type { ExpiryActivities } from './types';

const SYSTEM_ACTOR = { role: 'system', userId: null };

export function createExpiryActivities({ knex }: { knex: Knex }): ExpiryActivities {
  const archive = (recordId: string, stored: string, at: string) =>
    markArchived(knex, {
      recordId,
      caseId: null,
      at,
      actor: SYSTEM_ACTOR,
      reason: `${ARCHIVING_ARTICLE}: 公示期届满 (disclosed through ${stored})`,
    });
  return {
    async archiveEndedBy({ endsOn, at, limit }) {
      const due: { id: string; disclosure_ends_on: string }[] = await knex('records')
        .where({ archived: false })
        .where('disclosure_ends_on', '<=', endsOn)
        .orderBy('id')
        .limit(limit)
        .select('id', 'disclosure_ends_on');
      for (const r of due) await archive(r.id, r.disclosure_ends_on, at);
      return { archived: due.length, more: due.length === limit };
    },

    async archiveRecord({ recordId, endsOn, at }) {
      const row = await knex('records').where({ id: recordId }).first('disclosure_ends_on');
      const stored: string | null = row?.disclosure_ends_on ?? null;
      // The end date moved later (an extension, 第二十八条) after the timer was set: not yet.
      if (stored === null || stored > endsOn) return { archived: false, endsOn: stored };
      await archive(recordId, stored, at);
      return { archived: true, endsOn: stored };
    },
  };
}
