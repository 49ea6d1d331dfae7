/** `npm start`: the API, its database and an engine, chosen as DESIGN.md (Engine) says. */
import { createActivities } from '../activities';
import { openDatabase } from '../db/connection';
import { seedDemoRecords } from '../db/demo-records';
import { DEMO_USERS, seedDemoUsers, seedReferenceData } from '../db/seed';
import { createApp } from './app';
import { calendarBroadcaster } from './calendar-broadcast';
import { installClientErrorHandler } from './client-error';
import { systemClock } from './clock';
import { recoverHandOvers } from './hand-over-recovery';
import { serverConfig } from './config';
import { chooseEngine } from './engine-choice';
import { WorkTracker } from '../engine/work-tracker';

const log = (message: string) => console.log(`[credit-cases] ${message}`);

/** How long shutdown waits for a batch's hand-over still starting workflows. */
const HAND_OVER_GRACE_MS = 20_000;

async function main(): Promise<void> {
  const config = serverConfig(process.env);
  const db = await openDatabase(config.databaseUrl);
  const now = new Date().toISOString();
  await seedReferenceData(db.knex, now);
  if (config.demoData) {
    await seedDemoUsers(db.knex, now);
    await seedDemoRecords(db.knex, now);
  }
  const chosen = await chooseEngine(process.env, createActivities({ knex: db.knex }), log);
  if (chosen.engine.kind === 'in-process') await warnAboutOrphans(db.knex);

  const broadcaster = calendarBroadcaster(db.knex, chosen.engine, systemClock.now);
  const handOvers = new WorkTracker();
  const app = createApp({
    db,
    handOvers,
    engine: chosen.engine,
    clock: systemClock,
    policy: config.policy,
    onCalendarChanged: () => broadcaster.deliver(),
    log: (message, err) => console.error(`[credit-cases] ${message}`, err),
  });
  // Calendar changes made while no engine was listening are delivered now.
  await broadcaster.deliver().catch((err) => log(`calendar changes not delivered yet: ${String(err)}`));

  const server = app.listen(config.port, () => {
    const url = `http://localhost:${config.port}`;
    log(`database: ${db.kind} (${db.describe})`);
    log(`engine: ${chosen.description}`);
    log(`policy profile: ${config.policy.id} (${config.policy.name})`);
    log(`listening on ${url}  —  console ${url}/  health ${url}/healthz  API ${url}/api/openapi.json`);
    if (config.demoData) {
      log('demo users (Authorization: Bearer <token>):');
      for (const u of DEMO_USERS)
        log(`  ${u.token.padEnd(16)} ${u.role.padEnd(10)} ${u.name}${u.unitId ? ` (${u.unitId})` : ''}`);
    }
  });
  installClientErrorHandler(server);
  // Timers and notice cases a stopped process left unstarted (and those of demo or migrated records).
  recoverHandOvers({ db, engine: chosen.engine, policy: config.policy, clock: systemClock }).then(
    ({ timers, notices }) =>
      (timers > 0 || notices > 0) &&
      log(`armed ${timers} expiry timer(s) and opened ${notices} notice case(s) left from before`),
    (err) => log(`expiry timers and notice cases not recovered yet: ${String(err)}`),
  );

  const stop = async () => {
    log('shutting down');
    server.close();
    broadcaster.close();
    // A batch's hand-over still starting workflows: a while to finish, or start-up recovers the rest.
    await Promise.race([handOvers.idle(), new Promise((done) => setTimeout(done, HAND_OVER_GRACE_MS))]);
    await chosen.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** Open cases from an earlier run cannot be resumed by a non-durable engine: say so rather than hide it. */
async function warnAboutOrphans(knex: import('knex').Knex): Promise<void> {
  const open = await knex('cases').whereNot({ state: 'closed' }).count({ n: '*' }).first();
  const n = Number(open?.n ?? 0);
  if (n > 0) {
    log(
      `WARNING: ${n} open case(s) from an earlier run cannot continue on the in-process engine; use Temporal.`,
    );
  }
}

main().catch((err) => {
  console.error('[credit-cases] failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
