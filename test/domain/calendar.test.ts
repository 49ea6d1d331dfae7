import { stateCouncilArrangements } from '../../db/calendar-source';
import {
  WorkingCalendar,
  sameLocalTimeAfterWorkingDays,
  shanghaiDate,
  toShanghaiIso,
  workingDayDeadline,
} from '../../domain/calendar';

const cal = WorkingCalendar.from(stateCouncilArrangements());

describe('民法典第二百零一条、第二百零三条: 自X之日起N个工作日内', () => {
  test('2026-09-30T10:00+08:00 + 6 working days ends 24:00 on 2026-10-14 (国庆 10-01..07 off, 10-10 调休上班 counts)', () => {
    // Counted: 10-08 Thu, 10-09 Fri, 10-10 Sat (makeup), 10-12 Mon, 10-13 Tue, 10-14 Wed.
    expect(workingDayDeadline('2026-09-30T10:00+08:00', 6, cal)).toEqual({
      deadline: '2026-10-15T00:00:00.000+08:00',
      deadlineDate: '2026-10-14',
      provisional: false,
    });
  });

  test('民法典第二百零一条: the start day is not counted, even when it is a holiday (2026-10-03 国庆节)', () => {
    expect(workingDayDeadline('2026-10-03T15:00+08:00', 1, cal).deadlineDate).toBe('2026-10-08');
    expect(workingDayDeadline('2026-10-03T15:00+08:00', 3, cal).deadlineDate).toBe('2026-10-10');
  });

  test('民法典第二百零三条: with a close of business the deadline is that time on the last working day', () => {
    expect(workingDayDeadline('2026-09-30T10:00+08:00', 6, cal, { closeOfBusiness: '17:30' }).deadline).toBe(
      '2026-10-14T17:30:00.000+08:00',
    );
  });

  test('Asia/Shanghai: an instant late in the UTC day already counts from the next Shanghai date', () => {
    expect(shanghaiDate('2026-09-30T17:00:00Z')).toBe('2026-10-01');
    // 2026-10-09T16:30Z is 2026-10-10 00:30 in Shanghai (a makeup Saturday): that day is X, not counted.
    expect(workingDayDeadline('2026-10-09T16:30:00Z', 1, cal).deadlineDate).toBe('2026-10-12');
    expect(workingDayDeadline('2026-10-09T15:30:00Z', 1, cal).deadlineDate).toBe('2026-10-10');
  });

  test('helpers: Shanghai ISO formatting and same wall time N working days later', () => {
    expect(toShanghaiIso('2026-09-30T17:00:00Z')).toBe('2026-10-01T01:00:00.000+08:00');
    expect(sameLocalTimeAfterWorkingDays('2026-09-30T10:00+08:00', 2, cal)).toBe(
      '2026-10-09T10:00:00.000+08:00',
    );
  });
});
