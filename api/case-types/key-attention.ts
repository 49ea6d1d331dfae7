import { workingDays } from '../../domain/calendar';
import { chunks } from '../../db/chunks';
import {
  keyAttentionType,
  type KeyAttentionDetails,
  type KeyAttentionInput,
} from '../../domain/cases/key-attention';
import { listingsToRemind, type KeyAttentionListing } from '../../domain/key-attention';
import { expiryWorkflowId } from '../../domain/record-expiry';
import { startedOnce, WorkflowNotFoundError } from '../../engine/errors';
import { disclosureEndsOnChanged } from '../../workflows/messages';
import type { AppDeps } from '../app';
import { startCase } from './start';
import type { ApiCaseType } from './types';
import { armExpiryTimers } from '../expiry-timers';

/**
 * 厦门办法第二十八条 over HTTP: opened by the collection route when a subject's key-attention listings reach
 * three sectors within twelve months, never filed by hand. `extend` moves the record's expiry timer.
 */
export const keyAttentionApi: ApiCaseType = {
  caseType: keyAttentionType,
  stagePeriods: (policy) => ({ decide: workingDays(policy.keyAttention.decideDays) }),
  async afterAction(deps, summary, action) {
    if (action !== 'extend') return;
    const { recordId } = summary.details as KeyAttentionDetails;
    const row = await deps.db.knex('records').where({ id: recordId }).first('disclosure_ends_on');
    const endsOn: string = row.disclosure_ends_on;
    // The old day's timer reads stored dates when it fires, so it passes the record over; the new day's
    // timer takes it. A record armed before day timers existed has a timer of its own: it moves too.
    try {
      await armExpiryTimers(deps.db.knex, deps.engine, [{ recordId, endsOn }], deps.clock.now());
      await deps.engine.signal(expiryWorkflowId(recordId), disclosureEndsOnChanged, endsOn);
    } catch (err) {
      // No timer of its own (the usual case) is nothing to move. Any other failure is logged, not
      // answered: the extension stands, and start-up re-arms what is unarmed.
      if (!(err instanceof WorkflowNotFoundError)) deps.log('moving a record’s expiry timer failed', err);
    }
  },
};

/** One case per listing: its id names the record, so a listing is reminded once, whatever re-triggers it. */
export const keyAttentionCaseId = (recordId: string) => `kat-${recordId}`;

interface ListingRow {
  id: string;
  subject_id: string;
  provider_unit_id: string;
  decided_on: string;
  archived: boolean | number;
}

/**
 * 第二十八条: given records just collected (or, at start-up, every disclosed listing), the subjects of the
 * key-attention ones whose listings now reach the policy's sectors within its window: a case for every
 * listing of such a window still disclosed, opened at `at`.
 */
export function openKeyAttentionCases(deps: Pick<AppDeps, 'db' | 'engine' | 'policy'>) {
  const { knex } = deps.db;
  const policy = deps.policy.keyAttention;
  return async (ids: readonly string[], at: string): Promise<void> => {
    const added: ListingRow[] = [];
    for (const part of chunks(ids)) added.push(...(await listings(knex('records').whereIn('id', part))));
    const subjects = [...new Set(added.map((r) => r.subject_id))];
    const addedIds = new Set(added.map((r) => r.id));
    for (const part of chunks(subjects)) {
      const rows = await listings(knex('records').whereIn('subject_id', part));
      const bySubject = new Map<string, ListingRow[]>();
      for (const r of rows) {
        const group = bySubject.get(r.subject_id);
        if (group) group.push(r);
        else bySubject.set(r.subject_id, [r]);
      }
      for (const [subjectId, subjectRows] of bySubject) {
        const remind = listingsToRemind(subjectRows.map(listing), addedIds, policy);
        const sectors = [...new Set(remind.map((l) => l.providerUnitId))].sort();
        const archived = new Set(subjectRows.filter((r) => r.archived).map((r) => r.id));
        for (const l of remind.filter((x) => !archived.has(x.recordId))) {
          const input: KeyAttentionInput = {
            caseId: keyAttentionCaseId(l.recordId),
            profile: deps.policy.id,
            recordId: l.recordId,
            providerUnitId: l.providerUnitId,
            subjectId,
            listings: remind.map((x) => x.recordId),
            sectors,
            openedAt: at,
          };
          await startedOnce(startCase(deps, keyAttentionType, input));
        }
      }
    }
  };
}

function listings(query: ReturnType<AppDeps['db']['knex']>): Promise<ListingRow[]> {
  return query
    .where({ category: 'dishonesty', list_type: 'key-attention', deleted: false })
    .select('id', 'subject_id', 'provider_unit_id', 'decided_on', 'archived');
}

function listing(r: ListingRow): KeyAttentionListing {
  return { recordId: r.id, providerUnitId: r.provider_unit_id, decidedOn: r.decided_on };
}
