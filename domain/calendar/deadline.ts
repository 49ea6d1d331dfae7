/**
 * Working-day deadlines: "自X之日起N个工作日内" (RULES.md, 民法典 第二百零一条、第二百零三条).
 *
 * - X's own Shanghai date is not counted, even when X is a holiday or a weekend (online
 *   submission): counting starts with the next working day (第二百零一条).
 * - The deadline is the end of the N-th working day after X: 24:00, written as the next day's
 *   00:00:00.000+08:00, or the policy's close of business (第二百零三条).
 * - Paused time (e.g. Tianjin 第十二条 exclusions) moves the deadline out by the working days paused.
 */
import { formatDate, pad2 } from './day-number';
import {
  parseInstant,
  shanghaiDayNumber,
  shanghaiMsOfDay,
  shanghaiWallTimeMs,
  toEpochMs,
  toShanghaiIso,
} from './instant';
import type { WorkingCalendar } from './working-calendar';

/** A stretch of excluded time; instants. to null = still paused. */
export interface Pause {
  from: string;
  to: string | null;
  reason: string;
}

export interface DeadlineOptions {
  /** 'HH:mm' local close of business; null/undefined = end of day (24:00). */
  closeOfBusiness?: string | null;
  /** Each pause extends by the working days in (date(from), date(to ?? asOf)]. */
  pauses?: Pause[];
  /** Instant used as the end of an open pause. */
  asOf?: string;
}

export interface Deadline {
  /** ISO instant, +08:00. */
  deadline: string;
  /** The Shanghai date of the last working day counted. */
  deadlineDate: string;
  /** Some day counted, (date(from), deadlineDate], lies in a year without a published arrangement. */
  provisional: boolean;
}

const CLOSE_OF_BUSINESS = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes after midnight of a close of business 'HH:mm'; null means 24:00 (also accepted as '24:00'). */
function closeOfBusinessMinutes(closeOfBusiness: string | null | undefined): number | null {
  if (closeOfBusiness === null || closeOfBusiness === undefined || closeOfBusiness === '24:00') return null;
  const m = typeof closeOfBusiness === 'string' ? CLOSE_OF_BUSINESS.exec(closeOfBusiness) : null;
  if (!m)
    throw new RangeError(
      `closeOfBusiness must be 'HH:mm' (00:00–23:59), got ${JSON.stringify(closeOfBusiness)}`,
    );
  return Number(m[1]) * 60 + Number(m[2]);
}

/**
 * Working days the clock was paused: the union of (date(from), date(to ?? asOf)] over the pauses.
 * Overlapping pauses are merged, so a day paused twice (two exclusions at once) extends the deadline
 * once. A pause that starts and ends on the same Shanghai date pauses nothing (the day was counted).
 */
export function pausedWorkingDays(pauses: readonly Pause[], cal: WorkingCalendar, asOf?: string): number {
  if (!Array.isArray(pauses)) throw new RangeError('pauses must be an array');
  if (pauses.length === 0) return 0;
  const spans: [number, number][] = pauses.map((p, i) => {
    const fromMs = parseInstant(p?.from);
    if (p.to === null && asOf === undefined) {
      throw new RangeError(`pause ${i} is still open (to = null): pass asOf to say until when it counts`);
    }
    const toMs = parseInstant(p.to ?? (asOf as string));
    if (toMs < fromMs) {
      throw new RangeError(`pause ${i} ends (${p.to ?? asOf}) before it starts (${p.from})`);
    }
    return [shanghaiDayNumber(fromMs), shanghaiDayNumber(toMs)];
  });
  spans.sort((a, b) => a[0] - b[0]);
  let total = 0;
  let coveredUpTo = -Infinity;
  for (const [from, to] of spans) {
    const start = Math.max(from, coveredUpTo);
    if (to > start) total += cal.workingDaysBetweenDays(start, to);
    coveredUpTo = Math.max(coveredUpTo, to);
  }
  return total;
}

/**
 * "Within `days` working days from instant `from`": the end of the days-th working day after from's
 * Shanghai date, extended by the paused working days. Throws RangeError on invalid input.
 */
export function workingDayDeadline(
  from: string,
  days: number,
  cal: WorkingCalendar,
  opts: DeadlineOptions = {},
): Deadline {
  if (!Number.isSafeInteger(days) || days < 1) {
    throw new RangeError(`days must be an integer >= 1, got ${String(days)}`);
  }
  const startDay = shanghaiDayNumber(parseInstant(from));
  const closeMinutes = closeOfBusinessMinutes(opts.closeOfBusiness);
  if (opts.asOf !== undefined) parseInstant(opts.asOf);
  const paused = pausedWorkingDays(opts.pauses ?? [], cal, opts.asOf);
  const deadlineDay = cal.addWorkingDaysToDay(startDay, days + paused);
  const deadlineDate = formatDate(deadlineDay);
  return {
    // Written directly rather than via toShanghaiIso: this is the hot path of every re-derivation.
    deadline:
      closeMinutes === null
        ? `${formatDate(deadlineDay + 1)}T00:00:00.000+08:00`
        : `${deadlineDate}T${pad2(Math.floor(closeMinutes / 60))}:${pad2(closeMinutes % 60)}:00.000+08:00`,
    deadlineDate,
    provisional: cal.isProvisionalDays(startDay, deadlineDay),
  };
}

/**
 * The instant at the same Shanghai wall time on the n-th working day after the instant's Shanghai
 * date (n = 0: the instant itself). For scenario tests that "advance N working days".
 */
export function sameLocalTimeAfterWorkingDays(
  instant: string | number,
  n: number,
  cal: WorkingCalendar,
): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`n must be an integer >= 0, got ${String(n)}`);
  const ms = toEpochMs(instant);
  const day = shanghaiDayNumber(ms);
  const target = n === 0 ? day : cal.addWorkingDaysToDay(day, n);
  return toShanghaiIso(shanghaiWallTimeMs(target) + shanghaiMsOfDay(ms));
}
