import type { Express } from 'express';
import request from 'supertest';
import { createApp } from '../../api/app';
import type { Clock } from '../../api/clock';
import type { Database } from '../../db/connection';
import { seedDemoUsers, seedReferenceData } from '../../db/seed';
import { policyFor } from '../../domain/policy';
import { freshDatabase } from './db';

export interface TestApp {
  app: Express;
  db: Database;
  clock: Clock & { set(instant: string): void };
  calendarChanges: number;
  /** supertest agent with the demo token of `who` (e.g. 'demo-admin'). */
  as(token: string): ReturnType<typeof agentFor>;
  close(): Promise<void>;
}

function agentFor(app: Express, token: string) {
  const auth = { Authorization: `Bearer ${token}` };
  return {
    get: (url: string) => request(app).get(url).set(auth),
    post: (url: string) => request(app).post(url).set(auth),
    put: (url: string) => request(app).put(url).set(auth),
    delete: (url: string) => request(app).delete(url).set(auth),
  };
}

/** A real app over a fresh, seeded database (demo users and the State Council calendar). */
export async function testApp(start = '2026-09-30T02:00:00.000Z'): Promise<TestApp> {
  const db = await freshDatabase();
  await seedReferenceData(db.knex, start);
  await seedDemoUsers(db.knex, start);
  let now = new Date(start);
  const clock = { now: () => now, set: (instant: string) => (now = new Date(instant)) };
  const harness: TestApp = {
    db,
    clock,
    calendarChanges: 0,
    app: undefined as unknown as Express,
    as: (token) => agentFor(harness.app, token),
    close: () => db.close(),
  };
  harness.app = createApp({
    db,
    clock,
    policy: policyFor('xiamen'),
    engineKind: 'in-process',
    onCalendarChanged: async () => void harness.calendarChanges++,
    log: () => undefined,
  });
  return harness;
}
