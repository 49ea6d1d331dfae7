import { calendarDays, workingDays } from '../../domain/calendar';
import { chunks } from '../../db/chunks';
import { noticeType, type NoticeInput } from '../../domain/cases/notice';
import { startedOnce } from '../../engine/errors';
import type { AppDeps } from '../app';
import { forEachBounded, STARTS_IN_FLIGHT } from '../bounded';
import type { CollectedRecords } from '../collection-hooks';
import { startCase } from './start';
import type { ApiCaseType } from './types';

type NoticeDeps = Pick<AppDeps, 'db' | 'engine' | 'policy'>;

/** 归集前告知 over HTTP: opened by the collection route (POST /api/records), not filed by hand. */
export const noticeApi: ApiCaseType = {
  caseType: noticeType,
  stagePeriods: (policy) => ({
    notify: workingDays(policy.notice.notifyDays),
    announce: calendarDays(policy.notice.announceDays),
  }),
};

/** One notice case per record: its id names the record, so opening it again finds the same case. */
export const noticeCaseId = (recordId: string) => `ntc-${recordId}`;

export interface NoticeDue {
  recordId: string;
  providerUnitId: string;
  subjectId: string;
}

/** Opens the record's notice case, or finds it open (or closed) already. */
export async function openNoticeCase(deps: NoticeDeps, due: NoticeDue, at: string): Promise<void> {
  const input: NoticeInput = {
    caseId: noticeCaseId(due.recordId),
    profile: deps.policy.id,
    ...due,
    openedAt: at,
  };
  await startedOnce(startCase(deps, noticeType, input));
}

/**
 * 厦门办法第十三条: one notice case per dishonesty record collected without an exemption. A record whose
 * case fails to start stays pending (invisible); start-up opens it (api/hand-over-recovery.ts).
 */
export function openNoticeCases(deps: NoticeDeps) {
  return async (collected: CollectedRecords): Promise<void> => {
    const subjects = new Map<string, string>();
    for (const ids of chunks(collected.noticeRequired)) {
      const rows: { id: string; subject_id: string }[] = await deps.db
        .knex('records')
        .whereIn('id', ids)
        .select('id', 'subject_id');
      for (const r of rows) subjects.set(r.id, r.subject_id);
    }
    await forEachBounded(collected.noticeRequired, STARTS_IN_FLIGHT, (recordId) =>
      openNoticeCase(
        deps,
        { recordId, providerUnitId: collected.providerUnitId, subjectId: subjects.get(recordId)! },
        collected.at,
      ),
    );
  };
}
