/**
 * The working-day calendar (工作日历): Monday–Friday by default, changed by the State Council's yearly
 * arrangement (法定节假日 on weekdays, 调休上班 on weekends) and by admin edits.
 *
 * Built once from the calendar data into a prefix count of working days, so every query is
 * arithmetic instead of a day-by-day walk:
 *   P(d) = number of working days up to and including day number d (up to a constant).
 * Outside the span of the overrides every day follows the Mon–Fri default, and P has a closed form
 * (5 per week); inside it P is a dense array. So isWorkingDay and workingDaysBetween are O(1),
 * addWorkingDays is O(log n) (binary search on P), and dates far before or after the data (e.g. 2090)
 * need no table at all.
 */
import { dayFromCivil, formatDate, isWeekend, isoWeekday, parseDate, yearOfDay } from './day-number';

export type DayKind = 'workday' | 'holiday';
export interface CalendarOverride {
  date: string;
  kind: DayKind;
  name: string;
}
/** The days that differ from the Mon–Fri default, and the years whose State Council arrangement is published. */
export interface CalendarData {
  overrides: CalendarOverride[];
  publishedYears: number[];
}

/** How one day is treated, for display (calendar views, case timelines). */
export interface DayDescription {
  date: string;
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
  isWorkingDay: boolean;
  /** The override for this day, if any (a holiday on a weekend may be listed just for its name). */
  override: CalendarOverride | null;
  /** The day's year has no published arrangement: weekday/weekend defaults, subject to change. */
  provisional: boolean;
}

/** The dates we can write as 'YYYY-MM-DD'. */
const FIRST_DAY = parseDate('0001-01-01');
const LAST_DAY = parseDate('9999-12-31');

/** Weekdays (Mon–Fri) in the days up to d, offset so that differences count weekdays in (a, b]. */
function weekdaysUpTo(d: number): number {
  const e = d + 3; // day number -3 (1969-12-29) was a Monday
  const weeks = Math.floor(e / 7);
  return weeks * 5 + Math.min(e - weeks * 7 + 1, 5);
}

/** The smallest day d with weekdaysUpTo(d) >= target: the inverse of weekdaysUpTo. */
function firstDayWithWeekdays(target: number): number {
  const k = target - 1;
  const weeks = Math.floor(k / 5);
  return weeks * 7 + (k - weeks * 5) - 3;
}

function requireCount(n: number, what: string, min: number): void {
  if (!Number.isSafeInteger(n) || n < min) {
    throw new RangeError(`${what} must be an integer >= ${min}, got ${String(n)}`);
  }
}

export class WorkingCalendar {
  private constructor(
    /** Day number of the first day of the dense table (first override). */
    private readonly first: number,
    /** Day number of the last day of the dense table (last override). */
    private readonly last: number,
    /** 1 = working day, for days first..last. */
    private readonly working: Uint8Array,
    /** P(d) for days first..last. */
    private readonly prefix: Float64Array,
    /** P(d) − weekdaysUpTo(d) for every d after the table: the net effect of all overrides. */
    private readonly tailCorrection: number,
    /** Sorted, unique. */
    private readonly published: readonly number[],
    /** Day-number spans [first, last] of consecutive published years, sorted: isProvisional is one search. */
    private readonly publishedSpans: readonly (readonly [number, number])[],
    private readonly byDate: ReadonlyMap<string, CalendarOverride>,
  ) {}

  /** Validates the data and builds the prefix table once. Throws RangeError on malformed data. */
  static from(data: CalendarData): WorkingCalendar {
    if (!data || !Array.isArray(data.overrides) || !Array.isArray(data.publishedYears)) {
      throw new RangeError('calendar data must have overrides[] and publishedYears[]');
    }
    const byDate = new Map<string, CalendarOverride>();
    const overrideDays: { day: number; working: boolean }[] = [];
    for (const o of data.overrides) {
      const day = parseDate(o?.date);
      if (o.kind !== 'workday' && o.kind !== 'holiday') {
        throw new RangeError(
          `calendar override ${o.date}: kind must be 'workday' or 'holiday', got ${String(o.kind)}`,
        );
      }
      if (typeof o.name !== 'string')
        throw new RangeError(`calendar override ${o.date}: name must be a string`);
      if (byDate.has(o.date)) throw new RangeError(`calendar override ${o.date} appears twice`);
      byDate.set(o.date, { date: o.date, kind: o.kind, name: o.name });
      overrideDays.push({ day, working: o.kind === 'workday' });
    }
    for (const y of data.publishedYears) {
      if (!Number.isSafeInteger(y) || y < 1 || y > 9999) {
        throw new RangeError(`published year must be an integer 1–9999, got ${String(y)}`);
      }
    }
    const published = [...new Set(data.publishedYears)].sort((a, b) => a - b);
    const publishedSpans: [number, number][] = [];
    for (const year of published) {
      const span = publishedSpans[publishedSpans.length - 1];
      const start = dayFromCivil(year, 1, 1);
      if (span && span[1] === start - 1) span[1] = dayFromCivil(year, 12, 31);
      else publishedSpans.push([start, dayFromCivil(year, 12, 31)]);
    }

    if (overrideDays.length === 0) {
      return new WorkingCalendar(
        0,
        -1,
        new Uint8Array(0),
        new Float64Array(0),
        0,
        published,
        publishedSpans,
        byDate,
      );
    }
    let first = Infinity;
    let last = -Infinity;
    for (const { day } of overrideDays) {
      first = Math.min(first, day);
      last = Math.max(last, day);
    }
    const size = last - first + 1;
    const working = new Uint8Array(size);
    for (let i = 0; i < size; i++) working[i] = isWeekend(first + i) ? 0 : 1;
    for (const { day, working: w } of overrideDays) working[day - first] = w ? 1 : 0;
    const prefix = new Float64Array(size);
    let running = weekdaysUpTo(first - 1);
    for (let i = 0; i < size; i++) {
      running += working[i];
      prefix[i] = running;
    }
    const tailCorrection = running - weekdaysUpTo(last);
    return new WorkingCalendar(
      first,
      last,
      working,
      prefix,
      tailCorrection,
      published,
      publishedSpans,
      byDate,
    );
  }

  /** The data this calendar was built from (e.g. to pass a snapshot into a workflow). */
  toData(): CalendarData {
    return { overrides: [...this.byDate.values()], publishedYears: [...this.published] };
  }

  isWorkingDay(date: string): boolean {
    return this.isWorkingDayNumber(parseDate(date));
  }

  /** The n-th working day strictly after date (n >= 1). The date itself is never counted. */
  addWorkingDays(date: string, n: number): string {
    requireCount(n, 'working days to add', 1);
    return formatDate(this.addWorkingDaysToDay(parseDate(date), n));
  }

  /** The n-th working day strictly before date (n >= 1), e.g. for a due-soon warning. */
  subtractWorkingDays(date: string, n: number): string {
    requireCount(n, 'working days to subtract', 1);
    const day = this.firstDayWithCount(this.countUpTo(parseDate(date) - 1) - n + 1);
    return formatDate(this.checkRepresentable(day));
  }

  /** Count of working days d with from < d <= to (0 if to <= from). */
  workingDaysBetween(from: string, to: string): number {
    return this.workingDaysBetweenDays(parseDate(from), parseDate(to));
  }

  isPublished(year: number): boolean {
    return this.published[this.indexOfFirstPublishedAtLeast(year)] === year;
  }

  /** True if any day in (from, to] falls in a year without a published arrangement. */
  isProvisional(from: string, to: string): boolean {
    return this.isProvisionalDays(parseDate(from), parseDate(to));
  }

  describeDay(date: string): DayDescription {
    const day = parseDate(date);
    return {
      date,
      weekday: isoWeekday(day),
      isWorkingDay: this.isWorkingDayNumber(day),
      override: this.byDate.get(date) ?? null,
      provisional: !this.isPublished(yearOfDay(day)),
    };
  }

  // Day-number variants, used by the deadline functions to avoid re-parsing.

  isWorkingDayNumber(day: number): boolean {
    if (day >= this.first && day <= this.last) return this.working[day - this.first] === 1;
    return !isWeekend(day);
  }

  addWorkingDaysToDay(day: number, n: number): number {
    return this.checkRepresentable(this.firstDayWithCount(this.countUpTo(day) + n));
  }

  workingDaysBetweenDays(from: number, to: number): number {
    return to <= from ? 0 : this.countUpTo(to) - this.countUpTo(from);
  }

  isProvisionalDays(from: number, to: number): boolean {
    if (to <= from) return false;
    // Not provisional iff (from, to] lies inside one run of consecutive published years.
    const spans = this.publishedSpans;
    let lo = 0;
    let hi = spans.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (spans[mid][1] >= from + 1) hi = mid;
      else lo = mid + 1;
    }
    return !(lo < spans.length && spans[lo][0] <= from + 1 && to <= spans[lo][1]);
  }

  /** P(d): working days up to and including d (offset by a constant; only differences matter). */
  private countUpTo(day: number): number {
    if (day < this.first) return weekdaysUpTo(day);
    if (day > this.last) return weekdaysUpTo(day) + this.tailCorrection;
    return this.prefix[day - this.first];
  }

  /** The smallest day d with P(d) >= target; it is a working day, since P only rises on working days. */
  private firstDayWithCount(target: number): number {
    if (this.last < this.first || target <= weekdaysUpTo(this.first - 1)) return firstDayWithWeekdays(target);
    if (target > this.prefix[this.last - this.first])
      return firstDayWithWeekdays(target - this.tailCorrection);
    let lo = 0;
    let hi = this.last - this.first;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.prefix[mid] >= target) hi = mid;
      else lo = mid + 1;
    }
    return this.first + lo;
  }

  private indexOfFirstPublishedAtLeast(year: number): number {
    let lo = 0;
    let hi = this.published.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.published[mid] >= year) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  private checkRepresentable(day: number): number {
    if (day > LAST_DAY || day < FIRST_DAY) {
      throw new RangeError('working-day arithmetic went outside the years 0001–9999');
    }
    return day;
  }
}
