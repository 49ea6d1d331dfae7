/**
 * domain/calendar: the pure working-day calendar (Asia/Shanghai) and working-day deadlines.
 * No I/O, no clock: safe inside the Temporal workflow sandbox. See working-calendar.ts, deadline.ts.
 */
export { WorkingCalendar } from './working-calendar';
export type { CalendarData, CalendarOverride, DayDescription, DayKind } from './working-calendar';
export { pausedWorkingDays, sameLocalTimeAfterWorkingDays, workingDayDeadline } from './deadline';
export type { Deadline, DeadlineOptions, Pause } from './deadline';
export { parseInstant, shanghaiDate, SHANGHAI_OFFSET_MINUTES, toEpochMs, toShanghaiIso } from './instant';
export { isIsoDate } from './day-number';
export { addMonthsToDay, calendarDays, describePeriod, months, periodEnd, workingDays } from './period';
export type { Period, PeriodUnit } from './period';
