/**
 * The State Council working-day arrangements (国务院办公厅关于部分节假日安排的通知), as calendar data,
 * from the maintained `chinese-days` package (its dist/chinese-days.json: holidays and 调休 workdays).
 *
 * Decisions:
 * - Every holiday day is listed with kind 'holiday' and its festival name, including holidays that
 *   fall on a weekend (off anyway): the override changes nothing there but lets the calendar show
 *   "国庆节" on 2026-10-03 instead of a bare Saturday.
 * - Makeup working days (调休上班, always weekends) are kind 'workday', named e.g. '国庆节调休上班'.
 * - A year counts as published only if the package has its full arrangement (元旦, 春节, 劳动节 and
 *   国庆节 all present: every arrangement since 2000 has them). The package (1.5.7) covers 2004–2026;
 *   2027 and later stay provisional until an admin publishes them or a package update adds them.
 */
import arrangements from 'chinese-days/dist/chinese-days.json';
import type { CalendarData, CalendarOverride } from '../domain/calendar';

/** Official Chinese names by the package's English key; the package shortens some (中秋 → 中秋节). */
const FESTIVAL_NAMES: Record<string, string> = {
  "New Year's Day": '元旦',
  'Spring Festival': '春节',
  'Tomb-sweeping Day': '清明节',
  'Labour Day': '劳动节',
  'Dragon Boat Festival': '端午节',
  'Mid-autumn Festival': '中秋节',
  'National Day': '国庆节',
};

/** Festivals every full yearly arrangement contains. */
const REQUIRED_FESTIVALS = ['元旦', '春节', '劳动节', '国庆节'];

/** "National Day,国庆节,3" → 国庆节 (unknown festivals keep the package's Chinese name). */
function festivalName(entry: string): string {
  const [english, chinese] = entry.split(',');
  return FESTIVAL_NAMES[english] ?? chinese ?? english;
}

export function stateCouncilArrangements(): CalendarData {
  const holidays: Record<string, string> = arrangements.holidays;
  const workdays: Record<string, string> = arrangements.workdays;
  const overrides: CalendarOverride[] = [
    ...Object.entries(holidays).map(([date, entry]) => ({
      date,
      kind: 'holiday' as const,
      name: festivalName(entry),
    })),
    ...Object.entries(workdays).map(([date, entry]) => ({
      date,
      kind: 'workday' as const,
      name: `${festivalName(entry)}调休上班`,
    })),
  ].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));

  const festivalsByYear = new Map<number, Set<string>>();
  for (const [date, entry] of Object.entries(holidays)) {
    const year = Number(date.slice(0, 4));
    if (!festivalsByYear.has(year)) festivalsByYear.set(year, new Set());
    festivalsByYear.get(year)!.add(festivalName(entry));
  }
  const publishedYears = [...festivalsByYear]
    .filter(([, festivals]) => REQUIRED_FESTIVALS.every((f) => festivals.has(f)))
    .map(([year]) => year)
    .sort((a, b) => a - b);
  return { overrides, publishedYears };
}
