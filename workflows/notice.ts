/** The durable pre-collection notice (归集前告知, 厦门办法第十三条): the case loop running its entry. */
import { noticeType, type NoticeCase, type NoticeInput } from '../domain/cases/notice';
import { runCase, type CarryOver } from './case-loop';

export async function noticeWorkflow(input: NoticeInput, carried?: CarryOver<NoticeCase>) {
  return runCase(noticeType, input, carried);
}
