/**
 * What a process that stopped between committing collected records and handing them over
 * (api/collection-hooks.ts) left undone, done at start-up — and the demo or migrated records that never
 * went through a hand-over:
 * - 厦门办法第二十八条: every record whose period runs and whose expiry timer is not known to be armed gets it;
 * - 厦门办法第十三条: every record pending its notice without a notice case gets one;
 * - 第二十八条: every subject's key-attention listings still disclosed are looked at again, so a window of three
 *   sectors whose reminders a stopped hand-over did not open gets them.
 * Every start is idempotent (ids derived from the record), so running this beside a live hand-over, or
 * twice, opens nothing twice.
 */
import type { AppDeps } from './app';
import { openKeyAttentionCases } from './case-types/key-attention';
import { openNoticeCase } from './case-types/notice';
import { forEachBounded, STARTS_IN_FLIGHT } from './bounded';
import { armExpiryTimers } from './expiry-timers';

type RecoveryDeps = Pick<AppDeps, 'db' | 'engine' | 'policy' | 'clock'>;

/** Records armed per round: a large backlog is worked through without holding it all in memory. */
const ROUND = 1000;

export async function recoverHandOvers(deps: RecoveryDeps): Promise<{ timers: number; notices: number }> {
  const { knex } = deps.db;
  let timers = 0;
  for (;;) {
    const rows: { id: string; disclosure_ends_on: string }[] = await knex('records')
      .where({ expiry_armed: false, archived: false })
      .whereNotNull('disclosure_ends_on')
      .orderBy('id')
      .limit(ROUND)
      .select('id', 'disclosure_ends_on');
    if (rows.length === 0) break;
    await armExpiryTimers(
      knex,
      deps.engine,
      rows.map((r) => ({ recordId: r.id, endsOn: r.disclosure_ends_on })),
      deps.clock.now(),
    );
    timers += rows.length;
  }
  const pending: { id: string; provider_unit_id: string; subject_id: string }[] = await knex('records')
    .where({ pending_notice: true })
    .whereNotExists(
      knex('case_records')
        .join('cases', 'cases.id', 'case_records.case_id')
        .where('cases.type', 'notice')
        .whereRaw('case_records.record_id = records.id'),
    )
    .select('id', 'provider_unit_id', 'subject_id');
  const at = deps.clock.now().toISOString();
  await forEachBounded(pending, STARTS_IN_FLIGHT, (r) =>
    openNoticeCase(deps, { recordId: r.id, providerUnitId: r.provider_unit_id, subjectId: r.subject_id }, at),
  );
  const listings: string[] = await knex('records')
    .where({ category: 'dishonesty', list_type: 'key-attention', deleted: false, archived: false })
    .pluck('id');
  await openKeyAttentionCases(deps)(listings, at);
  return { timers, notices: pending.length };
}
