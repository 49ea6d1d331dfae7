import { inspect } from 'node:util';
import express, { type Express } from 'express';
import type { Database } from '../db/connection';
import type { Policy } from '../domain/policy';
import type { CaseEngine } from '../engine/types';
import { authenticate, currentUser } from './auth';
import { CalendarService } from './calendar-service';
import { afterCollection, type OnRecordsCollected } from './collection-hooks';
import type { Clock } from './clock';
import { errorHandler, isDatabaseUnreachable, notFoundRoute } from './errors';
import { refuseDeepBodies } from './body-depth';
import { maskPersonalIds } from './mask';
import { consoleAssets, serveOpenApi } from './openapi';
import { Problem } from './problems';
import { rateLimit } from './rate-limit';
import { corsPolicy, securityConfig, securityHeaders, type SecurityConfig } from './security';
import { reportSigningKey } from './report-signing';
import { optOutsRouter } from './routes/opt-outs';
import { applicationMaterialsRouter } from './routes/application-materials';
import { authorizationsRouter } from './routes/authorizations';
import { calendarRouter } from './routes/calendar';
import { CASE_TYPES_API } from './case-types';
import type { ApiCaseTypes } from './case-types/types';
import { caseTypesRouter } from './routes/case-types';
import { casesRouter } from './routes/cases';
import { queryLogRouter } from './routes/query-log';
import { readsOwnBody, recordCollectionRouter } from './routes/record-collection';
import { recordsRouter } from './routes/records';
import { reportsRouter } from './routes/reports';
import { slaRouter } from './routes/sla';
import { tasksRouter } from './routes/tasks';
import { WorkTracker } from '../engine/work-tracker';

export interface AppDeps {
  db: Database;
  policy: Policy;
  clock: Clock;
  calendar: CalendarService;
  engine: CaseEngine;
  /** Called after a calendar edit has been committed (its outbox row exists), to deliver it promptly. */
  onCalendarChanged(): Promise<void>;
  /** Called after collected records have been committed: hands over the ones needing a notice case (第十三条). */
  onRecordsCollected: OnRecordsCollected;
  /**
   * Hand-overs a batch left running after its answer (api/routes/record-collection.ts): waited for on
   * shutdown, and by tests before they look.
   */
  handOvers: WorkTracker;
  log(message: string, err?: unknown): void;
  security: SecurityConfig;
  /** The case types served: their filing routes, actions and labels (default: every product type). */
  caseTypes: ApiCaseTypes;
}

export type AppOptions = Omit<
  AppDeps,
  'calendar' | 'onCalendarChanged' | 'onRecordsCollected' | 'handOvers' | 'log' | 'security' | 'caseTypes'
> &
  Partial<
    Pick<AppDeps, 'onCalendarChanged' | 'onRecordsCollected' | 'handOvers' | 'log' | 'security' | 'caseTypes'>
  > & {
    /** The credit reports' watermark key; default from REPORT_SIGNING_KEY (api/report-signing.ts). */
    reportSigningKey?: Buffer;
  };

export const BODY_LIMIT = '256kb';

/** A body that is not JSON is refused as such (415), rather than read as missing fields. */
const requireJsonBody: express.RequestHandler = (req, _res, next) => {
  const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
  if (hasBody && !req.is('application/json')) {
    return next(
      new Problem('unsupported-media-type', {
        detail: '请以 JSON（UTF-8）发送请求体 / Send the body as application/json; charset=utf-8',
      }),
    );
  }
  next();
};

export function createApp(options: AppOptions): Express {
  const log = options.log ?? ((message, err) => console.error(message, err));
  const deps: AppDeps = {
    onCalendarChanged: async () => undefined,
    // Replaced below, once deps exist: by default every collected record gets its expiry timer and every
    // dishonesty record its notice case.
    onRecordsCollected: async () => undefined,
    handOvers: new WorkTracker(),
    security: securityConfig(process.env),
    caseTypes: CASE_TYPES_API,
    ...options,
    // Whatever the sink, identity and phone numbers in a URL or an error's text are masked first.
    log: (message, err) => log(maskPersonalIds(message), err === undefined ? undefined : maskedError(err)),
    calendar: new CalendarService(options.db.knex),
  };
  deps.onRecordsCollected = options.onRecordsCollected ?? afterCollection(deps);
  const signingKey = options.reportSigningKey ?? reportSigningKey(process.env);
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders());
  app.use(corsPolicy(deps.security.corsOrigins));
  app.set('query parser', 'simple');
  app.use(requireJsonBody);
  // The batch collection route reads its larger body itself, after authentication (record-collection.ts).
  const json = express.json({ limit: BODY_LIMIT, strict: true });
  app.use((req, res, next) => (readsOwnBody(req) ? next() : json(req, res, next)));
  app.use(refuseDeepBodies);

  app.get('/healthz', async (_req, res) => {
    try {
      await deps.db.knex.raw('select 1');
    } catch (err) {
      // errorHandler answers 503 with Retry-After for an unreachable database; anything else is ours.
      if (isDatabaseUnreachable(err)) throw err;
      throw new Problem('unavailable', { detail: '数据库无法访问 / The database is unreachable' });
    }
    res.json({ status: 'ok', engine: deps.engine.kind, database: deps.db.kind });
  });

  app.get('/api/openapi.json', serveOpenApi(deps.caseTypes));
  // Credit reports answer anonymous callers (public reports, verification), so they identify the caller
  // themselves instead of going through authenticate().
  const perMinute = (max: number, key: (req: express.Request) => string) =>
    rateLimit({ max, windowMs: 60_000, key });
  app.use(
    '/api/reports',
    perMinute(deps.security.ipPerMinute, (req) => `ip:${req.ip}`),
  );
  app.use('/api/reports', reportsRouter(deps, signingKey));
  const api = express.Router();
  // Per address before authentication (token guessing), per user after it.
  api.use(perMinute(deps.security.ipPerMinute, (req) => `ip:${req.ip}`));
  api.use(authenticate(deps.db.knex));
  api.use(perMinute(deps.security.userPerMinute, (req) => `user:${currentUser(req).id}`));
  // Who the token belongs to, so a client can show the right screens without guessing.
  api.get('/me', (req, res) => void res.json(currentUser(req)));
  api.use('/calendar', calendarRouter(deps));
  api.use('/records', recordCollectionRouter(deps));
  api.use('/records', recordsRouter(deps));
  for (const { filing } of deps.caseTypes.values()) {
    if (filing) api.use(`/${filing.path}`, filing.router(deps));
  }
  api.use('/case-types', caseTypesRouter(deps));
  api.use('/cases', casesRouter(deps));
  api.use('/tasks', tasksRouter(deps));
  api.use('/sla', slaRouter(deps));
  api.use('/query-log', queryLogRouter(deps));
  api.use('/authorizations', authorizationsRouter(deps));
  api.use('/application-materials', applicationMaterialsRouter(deps));
  api.use('/non-disclosure-opt-outs', optOutsRouter(deps));
  app.use('/api', api);
  app.use('/', consoleAssets());

  app.use(notFoundRoute);
  app.use(errorHandler(deps.log));
  return app;
}

function maskedError(err: unknown): string {
  return maskPersonalIds(err instanceof Error ? (err.stack ?? err.message) : inspect(err));
}
