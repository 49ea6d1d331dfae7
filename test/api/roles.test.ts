/**
 * Every route, every role: who gets past each route's guard. A route mounted without an entry in ROUTE_ROLES
 * fails the first test until someone decides who may call it.
 */
import request from 'supertest';
import { testApp, type TestApp } from '../support/app';
import { mountedRoutes } from '../support/routes';

type Caller =
  | 'anonymous'
  | 'subject'
  | 'clerk'
  | 'provider-of-unit'
  | 'provider-other-unit'
  | 'supervisor'
  | 'admin';

const TOKENS: Record<Caller, string | null> = {
  anonymous: null,
  subject: 'demo-subject-org',
  clerk: 'demo-clerk',
  'provider-of-unit': 'demo-provider-a', // the resources below belong to unit-a
  'provider-other-unit': 'demo-provider-b',
  supervisor: 'demo-supervisor',
  admin: 'demo-admin',
};
const CALLERS = Object.keys(TOKENS) as Caller[];

const ANYONE = CALLERS;
const SIGNED_IN = CALLERS.filter((c) => c !== 'anonymous');
const STAFF: Caller[] = ['clerk', 'provider-of-unit', 'provider-other-unit', 'supervisor', 'admin'];

/**
 * allowed: gets past the guard (any answer but 401/403/404); hidden: 404, the resource is another unit's
 * (not 403, so its existence does not leak). Everyone else is refused: 401 without a token, 403 with one.
 */
const ROUTE_ROLES: Record<string, { allowed: Caller[]; hidden?: Caller[] }> = {
  'GET /healthz': { allowed: ANYONE },
  'GET /api/openapi.json': { allowed: ANYONE },
  'GET /api/me': { allowed: SIGNED_IN },
  // The working-day calendar is public knowledge: any signed-in caller may compute a deadline with it.
  'GET /api/calendar/deadline': { allowed: SIGNED_IN },
  'GET /api/calendar/days': { allowed: SIGNED_IN },
  'PUT /api/calendar/days/{date}': { allowed: ['admin'] },
  'DELETE /api/calendar/days/{date}': { allowed: ['admin'] },
  'POST /api/calendar/years/{year}/publish': { allowed: ['admin'] },
  'GET /api/records': { allowed: STAFF },
  // 厦门办法第十一条: a provider unit provides its own records (the unit is the caller's); nobody else collects.
  'POST /api/records': { allowed: ['provider-of-unit', 'provider-other-unit'] },
  'POST /api/records/batch': { allowed: ['provider-of-unit', 'provider-other-unit'] },
  'GET /api/records/{id}': {
    allowed: STAFF.filter((c) => c !== 'provider-other-unit'),
    hidden: ['provider-other-unit'],
  },
  'POST /api/objections': { allowed: ['clerk'] },
  // A clerk, or a provider unit for its own records (another unit's record is "no record", 422 like a bad body).
  'POST /api/repairs': { allowed: ['clerk', 'provider-of-unit', 'provider-other-unit'] },
  'POST /api/non-disclosures': { allowed: ['clerk'] },
  // 厦门办法第二十七条: the standing opt-out is the center's file; a clerk records the subject's change of mind.
  'GET /api/non-disclosure-opt-outs/{subjectId}': { allowed: ['clerk', 'supervisor', 'admin'] },
  'POST /api/non-disclosure-opt-outs/{subjectId}/revoke': { allowed: ['clerk'] },
  'GET /api/case-types': { allowed: STAFF },
  'GET /api/cases': { allowed: STAFF },
  'GET /api/cases/{id}': {
    allowed: STAFF.filter((c) => c !== 'provider-other-unit'),
    hidden: ['provider-other-unit'],
  },
  // `reject` is the clerk's action in stage compare (the provider of the unit acts in stage verify).
  'POST /api/cases/{id}/actions/{action}': { allowed: ['clerk'], hidden: ['provider-other-unit'] },
  'GET /api/tasks': { allowed: STAFF },
  'GET /api/sla/breaches': { allowed: STAFF },
  'GET /api/sla/summary': { allowed: STAFF },
  // A public report: anyone (the kinds' own rules are tested in reports.test.ts).
  'POST /api/reports': { allowed: ANYONE },
  'GET /api/reports/{code}/verify': { allowed: ANYONE },
  'GET /api/query-log': { allowed: [...STAFF, 'subject'] },
  'POST /api/authorizations': { allowed: ['subject'] },
  'GET /api/authorizations': { allowed: ['subject'] },
  'POST /api/authorizations/{code}/revoke': { allowed: ['subject'] },
  'POST /api/application-materials': { allowed: ['clerk'] },
  // 厦门查询规则第十三条: staff read the archive with the supervisor's grant; nobody here holds one.
  'GET /api/application-materials/{id}': { allowed: ['supervisor'] },
  'POST /api/application-materials/{id}/grants': { allowed: ['supervisor'] },
};

let t: TestApp;
const params: Record<string, Record<string, string>> = {};
let subjectId: string;
beforeAll(async () => {
  t = await testApp();
  subjectId = (await t.as('demo-subject-org').get('/api/me')).body.subjectId;
  const caseId = (await t.fileObjection('rec-000003')).id;
  const report = (await request(t.app).post('/api/reports').send({ subjectId, kind: 'public' })).body;
  const authorization = (
    await t
      .as('demo-subject-org')
      .post('/api/authorizations')
      .send({ purpose: '测试', expiresOn: '2026-12-31' })
  ).body;
  const material = (
    await t
      .as('demo-clerk')
      .post('/api/application-materials')
      .send({
        applicant: { name: '测试甲', idNumber: '11010519491231002X' },
        subjectId,
        documents: [{ kind: 'application-form', reference: '档案柜 A-1' }],
      })
  ).body;
  Object.assign(params, {
    '/api/application-materials/{id}': { id: material.id },
    '/api/application-materials/{id}/grants': { id: material.id },
    '/api/records/{id}': { id: 'rec-000001' },
    '/api/cases/{id}': { id: caseId },
    '/api/cases/{id}/actions/{action}': { id: caseId, action: 'reject' },
    '/api/calendar/days/{date}': { date: '2026-10-10' },
    '/api/calendar/years/{year}/publish': { year: '2027' },
    '/api/reports/{code}/verify': { code: report.code },
    '/api/authorizations/{code}/revoke': { code: authorization.code },
    '/api/non-disclosure-opt-outs/{subjectId}': { subjectId },
    '/api/non-disclosure-opt-outs/{subjectId}/revoke': { subjectId },
  });
});
afterAll(() => t.close());

/** Query strings and bodies that pass validation where the guard lets the caller through, or fail harmlessly. */
const QUERIES: Record<string, string> = {
  'GET /api/calendar/deadline': '?from=2026-09-30T10:00:00%2B08:00&days=2',
  'GET /api/calendar/days': '?year=2026',
  'GET /api/reports/{code}/verify': '?watermark=x',
};
const bodyFor = (route: string) => (route === 'POST /api/reports' ? { subjectId, kind: 'public' } : {});

async function call(route: string, caller: Caller): Promise<number> {
  const [method, template] = route.split(' ');
  const path = template.replace(/\{(\w+)\}/g, (_, name) => params[template]?.[name] ?? name);
  const token = TOKENS[caller];
  let req = request(t.app)[method.toLowerCase() as 'get' | 'post' | 'put' | 'delete'](
    path + (QUERIES[route] ?? ''),
  );
  if (token) req = req.set('Authorization', `Bearer ${token}`);
  const res = method === 'GET' ? await req : await req.send(bodyFor(route));
  expect(res.status).toBeLessThan(500);
  return res.status;
}

describe('roles across every route', () => {
  test('every mounted route has decided roles, and every decided route is mounted', () => {
    expect(Object.keys(ROUTE_ROLES).sort()).toEqual(mountedRoutes(t.app));
  });

  test.each(Object.keys(ROUTE_ROLES))('%s: exactly the decided callers get through', async (route) => {
    const { allowed, hidden = [] } = ROUTE_ROLES[route];
    const outcome: Record<string, string> = {};
    const expected: Record<string, string> = {};
    for (const caller of CALLERS) {
      const status = await call(route, caller);
      outcome[caller] =
        status === 401 || status === 403 ? `refused ${status}` : status === 404 ? 'hidden' : 'allowed';
      expected[caller] = hidden.includes(caller)
        ? 'hidden'
        : allowed.includes(caller)
          ? 'allowed'
          : caller === 'anonymous'
            ? 'refused 401'
            : 'refused 403';
    }
    expect(outcome).toEqual(expected);
  });
});
