import { shanghaiDate, type WorkingCalendar } from '../calendar';

/** How a deadline stands on a day, in working days: what a clerk's inbox and the case page show. */
export interface Due {
  status: 'overdue' | 'due-today' | 'due-soon' | 'ok';
  /** Working days left (ok, due-soon), or by which it is overdue (overdue); 0 when due today. */
  workingDays: number;
}

/**
 * The deadline's standing at `asOf` (Asia/Shanghai): overdue once it has passed, counted in the working
 * days since its last day; otherwise the working days left, due soon within the policy's warning.
 */
export function dueOf(
  deadline: string,
  calendar: WorkingCalendar,
  asOf: string,
  dueSoonWorkingDays: number,
): Due {
  // A deadline at 24:00 is written as the next day's 00:00: its last day is the day before.
  const at = Date.parse(deadline);
  const lastDay = shanghaiDate(at - 1);
  const today = shanghaiDate(asOf);
  if (at <= Date.parse(asOf)) {
    return { status: 'overdue', workingDays: calendar.workingDaysBetween(lastDay, today) };
  }
  const left = calendar.workingDaysBetween(today, lastDay);
  if (left === 0) return { status: 'due-today', workingDays: 0 };
  return { status: left <= dueSoonWorkingDays ? 'due-soon' : 'ok', workingDays: left };
}
