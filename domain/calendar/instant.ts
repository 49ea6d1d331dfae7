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

const INSTANT_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):?(\d{2}))$/;

/**
 * Parses an ISO 8601 instant to epoch milliseconds. The offset (Z or ±HH:mm) is required: a wall
 * time without one does not name an instant. Fractions beyond milliseconds are truncated.
 */
export function parseInstant(instant: string): number {
  const m = typeof instant === 'string' ? INSTANT_PATTERN.exec(instant) : null;
  if (m) {
    const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(m[i]));
    const second = m[6] === undefined ? 0 : Number(m[6]);
    const millis = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
    const offsetMinutes = m[8] === 'Z' ? 0 : (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11]));
    const valid =
      month >= 1 &&
      month <= 12 &&
      day >= 1 &&
      day <= daysInMonth(year, month) &&
      hour <= 23 &&
      minute <= 59 &&
      second <= 59 &&
      Math.abs(offsetMinutes) <= 18 * 60;
    if (valid) {
      return (
        dayFromCivil(year, month, day) * DAY_MS +
        ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 +
        millis
      );
    }
  }
  throw new RangeError(
    `invalid instant ${JSON.stringify(instant)}: expected ISO 8601 with an offset, e.g. '2026-09-30T10:00:00+08:00'`,
  );
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
