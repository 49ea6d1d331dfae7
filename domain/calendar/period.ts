/**
 * Periods counted in calendar days or months (民法典 第二百零一～二百零三条), beside the working-day
 * deadlines of deadline.ts:
 *
 * - 第二百零一条: the day the period starts from is not counted; counting begins the next day.
 * - 第二百零二条: a period in months ends on the corresponding day of its last month; when that month
 *   has no such day, on the month's last day.
 * - 第二百零三条: when the last day is a statutory day of rest (法定休假日: a weekend or holiday the
 *   calendar does not make a working day), the period ends on the first working day after it; it ends
 *   at 24:00 (or the policy's close of business).
 */
import { civilFromDay, dayFromCivil, daysInMonth, formatDate, pad2 } from './day-number';
import { workingDayDeadline, type Deadline, type DeadlineOptions } from './deadline';
import { parseInstant, shanghaiDayNumber } from './instant';
import type { WorkingCalendar } from './working-calendar';

export type PeriodUnit = 'working-days' | 'calendar-days' | 'months';

/** How long a stage or a timer runs: "N个工作日", "N日", "N个月". */
export interface Period {
  unit: PeriodUnit;
  count: number;
}

export const workingDays = (count: number): Period => ({ unit: 'working-days', count });
export const calendarDays = (count: number): Period => ({ unit: 'calendar-days', count });
export const months = (count: number): Period => ({ unit: 'months', count });

/** The day `n` months after `day`, on the corresponding day or the month's last (第二百零二条). */
export function addMonthsToDay(day: number, n: number): number {
  const [y, m, d] = civilFromDay(day);
  const index = y * 12 + (m - 1) + n;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return dayFromCivil(year, month, Math.min(d, daysInMonth(year, month)));
}

/**
 * The end of `period` counted from instant `from`. Working days count as deadline.ts does (pauses
 * included); calendar days and months count the paused calendar days on top, then move a last day that
 * falls on a day of rest to the next working day.
 */
export function periodEnd(
  from: string,
  period: Period,
  cal: WorkingCalendar,
  opts: DeadlineOptions = {},
): Deadline {
  if (period.unit === 'working-days') return workingDayDeadline(from, period.count, cal, opts);
  if (!Number.isSafeInteger(period.count) || period.count < 1) {
    throw new RangeError(`a period counts at least 1 ${period.unit}, got ${String(period.count)}`);
  }
  const startDay = shanghaiDayNumber(parseInstant(from));
  const nominal = period.unit === 'months' ? addMonthsToDay(startDay, period.count) : startDay + period.count;
  let last = nominal + pausedCalendarDays(opts);
  while (!cal.isWorkingDayNumber(last)) last++;
  const deadlineDate = formatDate(last);
  const close = opts.closeOfBusiness;
  return {
    deadline:
      close === null || close === undefined || close === '24:00'
        ? `${formatDate(last + 1)}T00:00:00.000+08:00`
        : `${deadlineDate}T${pad2(Number(close.slice(0, 2)))}:${close.slice(3, 5)}:00.000+08:00`,
    deadlineDate,
    provisional: cal.isProvisionalDays(startDay, last),
  };
}

/** Calendar days paused: (date(from), date(to ?? asOf)] over the pauses, overlaps counted once. */
function pausedCalendarDays(opts: DeadlineOptions): number {
  const spans = (opts.pauses ?? []).map((p): [number, number] => [
    shanghaiDayNumber(parseInstant(p.from)),
    shanghaiDayNumber(parseInstant(p.to ?? opts.asOf ?? p.from)),
  ]);
  spans.sort((a, b) => a[0] - b[0]);
  let total = 0;
  let covered = -Infinity;
  for (const [a, b] of spans) {
    const start = Math.max(a, covered);
    if (b > start) total += b - start;
    covered = Math.max(covered, b);
  }
  return total;
}

/** "3个工作日", "30日", "3个月": a period as people read it. */
export function describePeriod(p: Period): { zh: string; en: string } {
  switch (p.unit) {
    case 'working-days':
      return { zh: `${p.count} 个工作日`, en: `${p.count} working day${p.count === 1 ? '' : 's'}` };
    case 'calendar-days':
      return { zh: `${p.count} 日`, en: `${p.count} calendar day${p.count === 1 ? '' : 's'}` };
    case 'months':
      return { zh: `${p.count} 个月`, en: `${p.count} month${p.count === 1 ? '' : 's'}` };
  }
}
