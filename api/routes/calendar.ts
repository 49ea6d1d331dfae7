import { Router } from 'express';
import { z } from 'zod';
import { workingDayDeadline } from '../../domain/calendar';
import { calendarYear, clearCalendarDay, publishCalendarYear, setCalendarDay } from '../../db/calendar';
import { currentUser, requireRole } from '../auth';
import { shown } from '../present';
import { notFound, validationFailed } from '../problems';
import { parseInput } from '../validation';
import type { AppDeps } from '../app';

const MIN_YEAR = 2000;
const MAX_YEAR = 2099;

const year = z.coerce
  .number()
  .int()
  .min(MIN_YEAR, `year must be between ${MIN_YEAR} and ${MAX_YEAR}`)
  .max(MAX_YEAR, `year must be between ${MIN_YEAR} and ${MAX_YEAR}`);

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine(
    (d) =>
      !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    {
      message: 'is not a calendar date',
    },
  )
  .refine((d) => Number(d.slice(0, 4)) >= MIN_YEAR && Number(d.slice(0, 4)) <= MAX_YEAR, {
    message: `year must be between ${MIN_YEAR} and ${MAX_YEAR}`,
  });

const instant = z.iso.datetime({
  offset: true,
  message: 'must be an ISO 8601 instant with offset, e.g. 2026-09-30T10:00:00+08:00',
});

const reason = z.string().trim().min(1, 'say why the calendar changes').max(500);

export const deadlineQuery = z.object({
  from: instant,
  days: z.coerce.number().int('days must be a whole number').min(1).max(365),
});

export const dayBody = z.object({
  kind: z.enum(['workday', 'holiday']),
  name: z.string().trim().min(1).max(100),
  reason,
});

/** The change is committed either way; a failed delivery stays in the outbox and is retried. */
async function deliverCalendarChange(deps: AppDeps): Promise<void> {
  try {
    await deps.onCalendarChanged();
  } catch (err) {
    deps.log('calendar change not yet delivered to running cases; it stays in the outbox', err);
  }
}

export function calendarRouter(deps: AppDeps): Router {
  const { knex } = deps.db;
  const router = Router();
  const admin = requireRole('admin');

  router.get('/deadline', async (req, res) => {
    const q = parseInput(deadlineQuery, req.query, 'query');
    const calendar = await deps.calendar.current();
    let result;
    try {
      result = workingDayDeadline(q.from, q.days, calendar, deps.policy.deadlineOptions);
    } catch (err) {
      // Well-formed but outside what the calendar counts (e.g. the year 9999, nanosecond fractions).
      if (err instanceof RangeError) throw validationFailed([{ field: 'query.from', message: err.message }]);
      throw err;
    }
    res.json({ from: q.from, days: q.days, ...result });
  });

  router.get('/days', async (req, res) => {
    const q = parseInput(z.object({ year }), req.query, 'query');
    res.json(await yearShown(q.year));
  });

  router.put('/days/:date', admin, async (req, res) => {
    const { date } = parseInput(z.object({ date: isoDate }), req.params, 'path');
    const body = parseInput(dayBody, req.body, 'body');
    const { previous } = await setCalendarDay(
      knex,
      { date, kind: body.kind, name: body.name },
      change(req, body.reason),
    );
    await deliverCalendarChange(deps);
    res.json({ date, kind: body.kind, name: body.name, source: 'admin', previous });
  });

  router.delete('/days/:date', admin, async (req, res) => {
    const { date } = parseInput(z.object({ date: isoDate }), req.params, 'path');
    const body = parseInput(z.object({ reason }), { reason: req.body?.reason ?? req.query.reason }, 'body');
    const { previous } = await clearCalendarDay(knex, date, change(req, body.reason));
    if (!previous) throw notFound(`calendar override for ${date}`);
    await deliverCalendarChange(deps);
    res.json({ date, cleared: previous });
  });

  router.post('/years/:year/publish', admin, async (req, res) => {
    const params = parseInput(z.object({ year }), req.params, 'path');
    const body = parseInput(z.object({ reason }), req.body ?? {}, 'body');
    const { alreadyPublished } = await publishCalendarYear(knex, params.year, change(req, body.reason));
    if (!alreadyPublished) await deliverCalendarChange(deps);
    res.json({ ...(await yearShown(params.year)), alreadyPublished });
  });

  async function yearShown(year: number) {
    const y = await calendarYear(knex, year);
    return { ...y, publishedAt: shown(y.publishedAt) };
  }

  function change(req: Parameters<typeof currentUser>[0], why: string) {
    const user = currentUser(req);
    return { at: deps.clock.now().toISOString(), actor: { role: user.role, userId: user.id }, reason: why };
  }

  return router;
}
