import { toShanghaiIso } from '../../domain/calendar';
import {
  archiveDayWorkflowId,
  archiveInstant,
  DAY_TIMER_LEAD_MS,
  expiryWorkflowId,
  isExpiryWorkflowId,
  joinsDayTimer,
} from '../../domain/record-expiry';

describe('厦门办法第二十八条第二款: a record is archived the day after its disclosure period ends', () => {
  test('at 00:00 Asia/Shanghai of the next day, stored as a UTC instant', () => {
    expect(archiveInstant('2026-10-08')).toBe('2026-10-08T16:00:00.000Z');
    expect(toShanghaiIso(archiveInstant('2026-10-08'))).toBe('2026-10-09T00:00:00.000+08:00');
  });

  test('across a month and a year end, and a leap day', () => {
    expect(toShanghaiIso(archiveInstant('2026-12-31'))).toBe('2027-01-01T00:00:00.000+08:00');
    expect(toShanghaiIso(archiveInstant('2028-02-28'))).toBe('2028-02-29T00:00:00.000+08:00');
    expect(toShanghaiIso(archiveInstant('2028-02-29'))).toBe('2028-03-01T00:00:00.000+08:00');
  });

  test('the last day itself is still disclosed, through 23:59:59.999 Shanghai time', () => {
    expect(Date.parse(archiveInstant('2026-10-08')) - 1).toBe(Date.parse('2026-10-08T23:59:59.999+08:00'));
  });

  test('not a date: refused, never an instant', () => {
    expect(() => archiveInstant('2026-02-30')).toThrow(RangeError);
  });

  test('one timer per record: its workflow id is derived from the record id', () => {
    expect(expiryWorkflowId('rec-000123')).toBe('record-expiry-rec-000123');
    expect(isExpiryWorkflowId(expiryWorkflowId('rec-000123'))).toBe(true);
    expect(isExpiryWorkflowId('ntc-20260930-3f9a1c')).toBe(false);
  });
});

describe('厦门办法第二十八条: the records ending on one day share its timer, unless its instant is close', () => {
  test('one timer per day: its workflow id is derived from the day', () => {
    expect(archiveDayWorkflowId('2026-10-08')).toBe('archive-day-2026-10-08');
    expect(isExpiryWorkflowId(archiveDayWorkflowId('2026-10-08'))).toBe(true);
  });

  test('more than an hour before the archive instant: the day timer; within the hour or past: its own', () => {
    const instant = Date.parse(archiveInstant('2026-10-08'));
    expect(joinsDayTimer('2026-10-08', new Date(instant - DAY_TIMER_LEAD_MS - 1))).toBe(true);
    expect(joinsDayTimer('2026-10-08', new Date(instant - DAY_TIMER_LEAD_MS))).toBe(false);
    expect(joinsDayTimer('2026-10-08', new Date(instant + 86_400_000))).toBe(false);
  });
});
