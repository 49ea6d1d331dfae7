import type { Knex } from 'knex';
import { WorkingCalendar } from '../domain/calendar';
import { loadCalendarData } from '../db/calendar';

/**
 * The working-day calendar as the API sees it: built once and rebuilt only when the calendar tables
 * change (a cheap fingerprint query per use, so an edit made by another process is seen too).
 */
export class CalendarService {
  private cached: { fingerprint: string; calendar: WorkingCalendar } | null = null;

  constructor(private readonly knex: Knex) {}

  async current(): Promise<WorkingCalendar> {
    const fingerprint = await this.fingerprint();
    if (this.cached?.fingerprint !== fingerprint) {
      this.cached = { fingerprint, calendar: WorkingCalendar.from(await loadCalendarData(this.knex)) };
    }
    return this.cached.calendar;
  }

  private async fingerprint(): Promise<string> {
    const [days, years] = await Promise.all([
      this.knex('calendar_days').count({ n: '*' }).max({ latest: 'updated_at' }).first(),
      this.knex('calendar_years').count({ n: '*' }).max({ latest: 'published_at' }).first(),
    ]);
    return JSON.stringify([days, years]);
  }
}
