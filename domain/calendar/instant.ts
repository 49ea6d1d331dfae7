/**
 * Instants ↔ Asia/Shanghai wall time.
 *
 * Asia/Shanghai has kept UTC+08:00 all year since 1991-09-15 (China's last daylight-saving period
 * was 1986–1991), so a fixed +08:00 offset is exact for every date this system handles (cases from
 * 2004 on). A test checks this against luxon's IANA 'Asia/Shanghai' zone for 1992–2100. Using fixed
 * arithmetic keeps the calendar free of Intl and the tz database, which the Temporal workflow
 * sandbox need not provide. If China ever reintroduces DST, this file is the one place to change.
 */
import { dayFromCivil, daysInMonth, formatDate, pad2 } from './day-number';

export const SHANGHAI_OFFSET_MINUTES = 8 * 60;
const OFFSET_MS = SHANGHAI_OFFSET_MINUTES * 60_000;
const DAY_MS = 86_400_000;

/** Value of the digit at i, or -1 (charCode arithmetic: this parser is on every deadline's hot path). */
function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/** The two-digit number at i, or -1. */
function twoDigits(s: string, i: number): number {
  const a = digit(s, i);
  const b = digit(s, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/** Epoch ms of 'YYYY-MM-DDTHH:mm[:ss[.fraction]](Z|±HH:mm|±HHmm)', or NaN if it is not one. */
function scanInstant(s: string): number {
  if (s.length < 17 || s[4] !== '-' || s[7] !== '-' || s[10] !== 'T' || s[13] !== ':') return NaN;
  const hi = twoDigits(s, 0);
  const lo = twoDigits(s, 2);
  const month = twoDigits(s, 5);
  const day = twoDigits(s, 8);
  const hour = twoDigits(s, 11);
  const minute = twoDigits(s, 14);
  if (
    hi < 0 ||
    lo < 0 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59
  ) {
    return NaN;
  }
  const year = hi * 100 + lo;
  if (day > daysInMonth(year, month)) return NaN;
  let i = 16;
  let second = 0;
  let millis = 0;
  if (s[i] === ':') {
    second = twoDigits(s, i + 1);
    if (second < 0 || second > 59) return NaN;
    i += 3;
    if (s[i] === '.') {
      let scale = 100;
      let digits = 0;
      for (i++; digit(s, i) >= 0; i++, digits++) {
        millis += digit(s, i) * scale;
        scale /= 10;
      }
      if (digits < 1 || digits > 9) return NaN;
      millis = Math.floor(millis); // the first three digits are exact integers; truncate the rest
    }
  }
  let offsetMinutes: number;
  if (s[i] === 'Z' && i + 1 === s.length) {
    offsetMinutes = 0;
  } else if (s[i] === '+' || s[i] === '-') {
    const oh = twoDigits(s, i + 1);
    const colon = s[i + 3] === ':' ? 1 : 0;
    const om = twoDigits(s, i + 3 + colon);
    if (oh < 0 || om < 0 || om > 59 || i + 5 + colon !== s.length) return NaN;
    offsetMinutes = (s[i] === '-' ? -1 : 1) * (oh * 60 + om);
    if (Math.abs(offsetMinutes) > 18 * 60) return NaN;
  } else {
    return NaN;
  }
  return (
    dayFromCivil(year, month, day) * DAY_MS +
    ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 +
    millis
  );
}

/**
 * Parses an ISO 8601 instant to epoch milliseconds. The offset (Z or ±HH:mm) is required: a wall
 * time without one does not name an instant. Fractions beyond milliseconds are truncated.
 */
export function parseInstant(instant: string): number {
  const ms = typeof instant === 'string' ? scanInstant(instant) : NaN;
  if (Number.isNaN(ms)) {
    throw new RangeError(
      `invalid instant ${JSON.stringify(instant)}: expected ISO 8601 with an offset, e.g. '2026-09-30T10:00:00+08:00'`,
    );
  }
  return ms;
}

/** Accepts an ISO instant or epoch milliseconds (what a workflow's clock gives). */
export function toEpochMs(instant: string | number): number {
  if (typeof instant === 'number') {
    if (!Number.isFinite(instant))
      throw new RangeError(`invalid instant ${instant}: not a finite epoch millisecond`);
    return Math.trunc(instant);
  }
  return parseInstant(instant);
}

/** The Shanghai day number of an instant given in epoch ms. */
export function shanghaiDayNumber(epochMs: number): number {
  return Math.floor((epochMs + OFFSET_MS) / DAY_MS);
}

/** Epoch ms of 00:00 Shanghai time on a day number, plus an optional wall-clock offset in minutes. */
export function shanghaiWallTimeMs(dayNumber: number, minutesAfterMidnight = 0): number {
  return dayNumber * DAY_MS - OFFSET_MS + minutesAfterMidnight * 60_000;
}

/** The Asia/Shanghai calendar date ('YYYY-MM-DD') of an instant. */
export function shanghaiDate(instant: string | number): string {
  return formatDate(shanghaiDayNumber(toEpochMs(instant)));
}

/** Formats an instant as Shanghai wall time: 'YYYY-MM-DDTHH:mm:ss.SSS+08:00'. */
export function toShanghaiIso(instant: string | number): string {
  const ms = toEpochMs(instant);
  const day = shanghaiDayNumber(ms);
  const inDay = ms + OFFSET_MS - day * DAY_MS;
  const h = Math.floor(inDay / 3_600_000);
  const min = Math.floor(inDay / 60_000) % 60;
  const s = Math.floor(inDay / 1000) % 60;
  const milli = inDay % 1000;
  const sss = milli < 10 ? `00${milli}` : milli < 100 ? `0${milli}` : String(milli);
  return `${formatDate(day)}T${pad2(h)}:${pad2(min)}:${pad2(s)}.${sss}+08:00`;
}

/** Milliseconds since Shanghai midnight of the instant's own day. */
export function shanghaiMsOfDay(epochMs: number): number {
  return epochMs + OFFSET_MS - shanghaiDayNumber(epochMs) * DAY_MS;
}
