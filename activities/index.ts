/**
 * The case workflows' side effects, built over their dependencies (STYLE.md: activities as a factory),
 * so tests pass a real database. Each is idempotent: keyed by case and step, safe to run twice.
 */
import type { Knex } from 'knex';
import { loadCalendarData } from '../db/calendar';
import { outboxNotifier, type Notifier } from './effects';
import { createExpiryActivities } from './expiry';
import { legacyActivities } from './legacy';
import { applyStep } from './step';
import type { CaseActivities } from './types';

export type { Notifier } from './effects';

export interface ActivityDeps {
  knex: Knex;
  /** Where notifications go; default the notifications outbox table. */
  notifier?: Notifier;
}

export function createActivities({ knex, notifier = outboxNotifier }: ActivityDeps): CaseActivities {
  return {
    loadCalendar: (from) => loadCalendarData(knex, from),
    applyStep: (step) => applyStep(knex, notifier, step),
    ...createExpiryActivities({ knex }),
    ...legacyActivities(knex, notifier),
  };
}
