import type { Knex } from 'knex';
import type { CalendarData, CalendarOverride, DayKind } from '../domain/calendar';
import { appendAudit } from './audit';
import { enqueueOutbox } from './outbox';

export interface CalendarActor {
  role: string;
  userId: string | null;
}

export interface CalendarDayRow extends CalendarOverride {
  source: 'state-council' | 'admin';
}

/** The calendar, or only its days from the date `from` on (and the years from `from`'s). */
export async function loadCalendarData(knex: Knex, from = '0000-01-01'): Promise<CalendarData> {
  const [days, years] = await Promise.all([
    knex('calendar_days').where('date', '>=', from).select('date', 'kind', 'name').orderBy('date'),
    knex('calendar_years')
      .where('year', '>=', Number(from.slice(0, 4)))
      .select('year')
      .orderBy('year'),
  ]);
  return {
    overrides: days.map((d) => ({ date: d.date, kind: d.kind as DayKind, name: d.name })),
    publishedYears: years.map((y) => Number(y.year)),
  };
}

export async function calendarYear(knex: Knex, year: number) {
  const [days, published] = await Promise.all([
    knex('calendar_days')
      .whereBetween('date', [`${year}-01-01`, `${year}-12-31`])
      .orderBy('date')
      .select('date', 'kind', 'name', 'source'),
    knex('calendar_years').where({ year }).first('published_at', 'source'),
  ]);
  return {
    year,
    published: Boolean(published),
    publishedAt: published?.published_at ?? null,
    days: days as CalendarDayRow[],
  };
}

/** Loads the State Council arrangements (seed): only days and years not already present, so admin edits survive. */
export async function importArrangements(knex: Knex, data: CalendarData, at: string): Promise<number> {
  const existing = new Set((await knex('calendar_days').select('date')).map((r) => r.date));
  const rows = data.overrides
    .filter((o) => !existing.has(o.date))
    .map((o) => ({ ...o, source: 'state-council', updated_at: at, updated_by: null }));
  for (let i = 0; i < rows.length; i += 200) await knex('calendar_days').insert(rows.slice(i, i + 200));
  const years = new Set((await knex('calendar_years').select('year')).map((r) => Number(r.year)));
  const newYears = data.publishedYears.filter((y) => !years.has(y));
  if (newYears.length) {
    await knex('calendar_years').insert(
      newYears.map((year) => ({ year, source: 'state-council', published_at: at, published_by: null })),
    );
  }
  return rows.length;
}

interface Change {
  at: string;
  actor: CalendarActor;
  reason: string | null;
}

/** Sets one day's kind; audited and announced to running cases in one transaction. */
export async function setCalendarDay(
  knex: Knex,
  day: CalendarOverride,
  change: Change,
): Promise<{ previous: CalendarDayRow | null }> {
  return knex.transaction(async (trx) => {
    const previous = (await trx('calendar_days').where({ date: day.date }).first()) ?? null;
    const row = { ...day, source: 'admin', updated_at: change.at, updated_by: change.actor.userId };
    if (previous) await trx('calendar_days').where({ date: day.date }).update(row);
    else await trx('calendar_days').insert(row);
    await recordChange(trx, 'calendar.day.set', day.date, { previous: pick(previous), next: day }, change);
    return { previous: pick(previous) };
  });
}

/** Removes a day's override (it falls back to the Mon–Fri default). */
export async function clearCalendarDay(
  knex: Knex,
  date: string,
  change: Change,
): Promise<{ previous: CalendarDayRow | null }> {
  return knex.transaction(async (trx) => {
    const previous = (await trx('calendar_days').where({ date }).first()) ?? null;
    if (!previous) return { previous: null };
    await trx('calendar_days').where({ date }).delete();
    await recordChange(trx, 'calendar.day.cleared', date, { previous: pick(previous) }, change);
    return { previous: pick(previous) };
  });
}

/** Marks a year's arrangement as published: its deadlines stop being provisional. */
export async function publishCalendarYear(
  knex: Knex,
  year: number,
  change: Change,
): Promise<{ alreadyPublished: boolean }> {
  return knex.transaction(async (trx) => {
    if (await trx('calendar_years').where({ year }).first()) return { alreadyPublished: true };
    await trx('calendar_years').insert({
      year,
      source: 'admin',
      published_at: change.at,
      published_by: change.actor.userId,
    });
    await recordChange(trx, 'calendar.year.published', String(year), { year }, change);
    return { alreadyPublished: false };
  });
}

async function recordChange(
  trx: Knex.Transaction,
  action: string,
  entityId: string,
  detail: unknown,
  c: Change,
) {
  await appendAudit(trx, {
    at: c.at,
    actorRole: c.actor.role,
    actorId: c.actor.userId,
    action,
    entityType: 'calendar',
    entityId,
    detail,
    reason: c.reason,
  });
  await enqueueOutbox(trx, 'calendar.changed', { action, entityId }, c.at);
}

function pick(row: Record<string, string> | null): CalendarDayRow | null {
  return row
    ? {
        date: row.date,
        kind: row.kind as DayKind,
        name: row.name,
        source: row.source as CalendarDayRow['source'],
      }
    : null;
}
