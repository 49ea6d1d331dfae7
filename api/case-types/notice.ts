import { calendarDays, workingDays } from '../../domain/calendar';
import { noticeType, type NoticeInput } from '../../domain/cases/notice';
import type { AppDeps } from '../app';
import type { CollectedRecords } from '../collection-hooks';
import { newCaseId, startCase } from './start';
import type { ApiCaseType } from './types';

/** 归集前告知 over HTTP: opened by the collection route (POST /api/records), not filed by hand. */
export const noticeApi: ApiCaseType = {
  caseType: noticeType,
  stagePeriods: (policy) => ({
    notify: workingDays(policy.notice.notifyDays),
    announce: calendarDays(policy.notice.announceDays),
  }),
};

/**
 * 厦门办法第十三条: one notice case per dishonesty record collected without an exemption. A record whose
 * case fails to start stays pending (invisible) and is reported; nothing is collected unnoticed.
 */
export function openNoticeCases(deps: AppDeps) {
  return async (collected: CollectedRecords): Promise<void> => {
    for (const recordId of collected.noticeRequired) {
      const row = await deps.db.knex('records').where({ id: recordId }).first('subject_id');
      const input: NoticeInput = {
        caseId: newCaseId('ntc', collected.at),
        profile: deps.policy.id,
        recordId,
        providerUnitId: collected.providerUnitId,
        subjectId: row.subject_id,
        openedAt: collected.at,
      };
      await startCase(deps, noticeType, input);
    }
  };
}
