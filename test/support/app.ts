import path from 'node:path';
import type { Express } from 'express';
import request from 'supertest';
import { createActivities, type Notifier } from '../../activities';
import { outboxNotifier } from '../../activities/effects';
import type { CaseActivities } from '../../activities/types';
import { createApp } from '../../api/app';
import type { ApiCaseTypes } from '../../api/case-types/types';
import type { OnRecordsCollected } from '../../api/collection-hooks';
import { calendarBroadcaster } from '../../api/calendar-broadcast';
import type { SecurityConfig } from '../../api/security';
import type { Database } from '../../db/connection';
import { seedDemoRecords } from '../../db/demo-records';
import { seedDemoUsers, seedReferenceData } from '../../db/seed';
import { policyFor, type ProfileId } from '../../domain/policy';
import { stateCouncilArrangements } from '../../db/calendar-source';
import { WorkingCalendar } from '../../domain/calendar';
import { sameLocalTimeAfterWorkingDays, toShanghaiIso } from '../../domain/calendar';
import { InProcessEngine, type CaseEngine } from '../../engine';
import { freshDatabase, type FreshDatabaseOptions } from './db';
import { WorkTracker } from '../../engine/work-tracker';
import { startTestEngine, type TestEngine, type TestEngineKind } from './engines';
import { TEST_APPLICANT } from './objection-input';

function withFaults(
  real: CaseActivities,
  faults?: (real: CaseActivities) => Partial<CaseActivities>,
): CaseActivities {
  return faults ? { ...real, ...faults(real) } : real;
}

export const WORKFLOWS_PATH = path.join(__dirname, '..', '..', 'workflows');

export interface TestApp extends Pick<TestEngine, 'advanceTo' | 'settled' | 'history' | 'restartWorker'> {
  app: Express;
  db: Database;
  /** Which engine the story runs on (CREDIT_TEST_ENGINE). */
  kind: TestEngineKind;
  engine: CaseEngine;
  /** The in-process engine, for tests that read its recorded histories; throws on a server. */
  inProcess(): InProcessEngine;
  /** To the same Shanghai wall time `n` working days later. */
  advanceWorkingDays(n: number): Promise<void>;
  /** The current time as a Shanghai ISO instant, e.g. '2026-10-14T10:00:00.000+08:00'. */
  now(): string;
  calendarChanges: number;
  /** supertest requests with the demo token `token` (e.g. 'demo-admin'). */
  as(token: string): ReturnType<typeof agentFor>;
  /** A clerk accepts an objection to `recordId` (a fictional applicant); fails the test unless 201. */
  fileObjection(recordId: string): Promise<FiledCase>;
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

/** The case as POST /api/objections answers it. */
export interface FiledCase {
  id: string;
  state: string;
  [field: string]: unknown;
}

/** A fixed key for tests only; a deployment sets REPORT_SIGNING_KEY. */
export const TEST_SIGNING_KEY = Buffer.from('test-only-report-signing-key-0123456789', 'utf8');

export interface TestAppOptions {
  start?: string;
  profile?: ProfileId;
  /** Replaces some activities (a fault, say); the rest are the real ones over the test database. */
  activities?: (real: CaseActivities) => Partial<CaseActivities>;
  /** Replaces where notifications go (one that fails, say); it is given the real outbox. */
  notifier?: (real: Notifier) => Notifier;
  /** CORS and rate limits; unset: the defaults the environment gives (securityConfig). */
  security?: SecurityConfig;
  /** The engine the story runs on; default CREDIT_TEST_ENGINE. */
  engine?: TestEngineKind;
  /** The story restarts the worker (test/support/engines.ts says what that changes on a server). */
  restartable?: boolean;
  /** Another case-type registry and the workflows that run it (a test-only type, say). */
  caseTypes?: { api: ApiCaseTypes; workflowsPath: string };
  /** How the test database is reached (PostgreSQL: through a proxy, say). */
  database?: FreshDatabaseOptions;
  /** Where the app logs 5xx answers; default the console (a 500 in a test is a bug). */
  log?: (message: string, err: unknown) => void;
  /** Replaces the hand-over after collection (notice cases, expiry timers); default the app's own. */
  onRecordsCollected?: OnRecordsCollected;
}

/**
 * The real app over a fresh, seeded database (the State Council calendar, demo users and records), on
 * the engine CREDIT_TEST_ENGINE names (test/support/engines.ts); the app reads "now" from that engine.
 */
export async function testApp({
  start = '2026-09-30T02:00:00.000Z',
  profile = 'xiamen',
  activities,
  notifier,
  security,
  engine: kind,
  restartable,
  caseTypes,
  database,
  log = (message, err) => console.error(message, err),
  onRecordsCollected,
}: TestAppOptions = {}) {
  const db = await freshDatabase(database);
  await seedReferenceData(db.knex, start);
  await seedDemoUsers(db.knex, start);
  await seedDemoRecords(db.knex, start);
  const story = await startTestEngine({
    workflowsPath: caseTypes?.workflowsPath ?? WORKFLOWS_PATH,
    activities: withFaults(
      createActivities({ knex: db.knex, notifier: notifier?.(outboxNotifier) }),
      activities,
    ),
    start,
    kind,
    restartable,
  });
  const { engine } = story;
  const calendar = WorkingCalendar.from(stateCouncilArrangements());
  const appClock = { now: () => story.now() };
  const broadcaster = calendarBroadcaster(db.knex, engine, appClock.now);
  // A batch's hand-over runs on after its answer: what the story does next waits for it, as time would.
  const handOvers = new WorkTracker();
  const advanceTo = async (instant: string) => {
    await handOvers.idle();
    await story.advanceTo(instant);
  };
  const harness: TestApp = {
    db,
    engine,
    kind: story.kind,
    inProcess: () => {
      if (engine instanceof InProcessEngine) return engine;
      throw new Error(`this test reads in-process histories; it cannot run on the ${story.kind} engine`);
    },
    advanceTo,
    history: story.history,
    restartWorker: story.restartWorker,
    advanceWorkingDays: (n) =>
      advanceTo(sameLocalTimeAfterWorkingDays(story.now().toISOString(), n, calendar)),
    now: () => toShanghaiIso(story.now().toISOString()),
    settled: async () => {
      await handOvers.idle();
      await story.settled();
    },
    calendarChanges: 0,
    app: undefined as unknown as Express,
    as: (token) => agentFor(harness.app, token),
    fileObjection: async (recordId) => {
      const res = await harness
        .as('demo-clerk')
        .post('/api/objections')
        .send({
          recordId,
          applicant: { ...TEST_APPLICANT, phone: '13800000000' },
          kind: 'wrong',
          reason: '处罚决定已被撤销',
          evidence: ['撤销决定书'],
        });
      if (res.status !== 201)
        throw new Error(`filing an objection to ${recordId}: ${res.status} ${res.text}`);
      return res.body as FiledCase;
    },
    close: async () => {
      await handOvers.idle();
      await story.close();
      await db.close();
    },
  };
  harness.app = createApp({
    db,
    engine,
    handOvers,
    clock: appClock,
    policy: policyFor(profile),
    ...(security ? { security } : {}),
    ...(caseTypes ? { caseTypes: caseTypes.api } : {}),
    reportSigningKey: TEST_SIGNING_KEY,
    ...(onRecordsCollected ? { onRecordsCollected } : {}),
    onCalendarChanged: async () => {
      harness.calendarChanges++;
      await broadcaster.deliver();
    },
    // A 500 in a test is a bug: show it, the test then fails on the status.
    log,
  });
  return harness;
}
