/**
 * The supervisor's view of deadlines (主管部门: SLA breaches, due-soon items, escalations), built from
 * real breaches: objections filed over HTTP, run by the workflow on virtual time, read back as a
 * supervisor, a clerk and the provider units would.
 *
 * The story (Xiamen "2+6+2", accepted Wed 2026-09-30 10:00 +08:00; 10-10 is a 调休 working Saturday):
 *   A rec-000001 (unit-a) forwarded at once  → verify due 10-15 00:00, unit-a late: breach 10-15 00:00,
 *                                              third reminder escalates 10-20 00:00; closed 10-20 10:00
 *   B rec-000002 (unit-a) dismissed at once  → process due 10-10 00:00, the center late: breach,
 *                                              third reminder escalates 10-14 00:00; stays open
 *   D rec-000011 (unit-b) forwarded 10-08    → verify due 10-16 00:00, unit-b late: breach 10-16 00:00
 *   E rec-000004 (unit-a) accepted 10-14     → compare due 10-17 00:00, the center late: breach 10-17 00:00
 *   F rec-000005 (unit-a) rejected at once   → closed, never late
 * Snapshot 1 is taken at Thu 10-15 10:00 +08:00, snapshot 2 at Tue 10-20 10:00 +08:00.
 */
import request from 'supertest';
import { openApiDocument } from '../../api/openapi';
import { testApp, type TestApp } from '../support/app';

let t: TestApp;
const ids: Record<'A' | 'B' | 'D' | 'E' | 'F', string> = { A: '', B: '', D: '', E: '', F: '' };
/** Snapshot 1 (10-15 10:00 +08:00), by token. */
const first: Record<string, { summary: Summary; breaches: Page }> = {};
/** The supervisor's summary on Fri 10-16 10:00 +08:00. */
let friday: Summary;

interface Summary {
  [k: string]: unknown;
}
interface Breach {
  caseId: string;
  [k: string]: unknown;
}
interface Page {
  items: Breach[];
  total: number;
  [k: string]: unknown;
}

const file = async (recordId: string) => (await t.fileObjection(recordId)).id;
const act = async (id: string, action: string, body: object = {}, token = 'demo-clerk') => {
  const res = await t.as(token).post(`/api/cases/${id}/actions/${action}`).send(body);
  expect(res.status).toBe(200);
  return res.body;
};
const summaryOf = async (token: string): Promise<Summary> => {
  const res = await t.as(token).get('/api/sla/summary');
  expect(res.status).toBe(200);
  return res.body;
};
const breachesOf = async (token: string, query = ''): Promise<Page> => {
  const res = await t.as(token).get(`/api/sla/breaches${query}`);
  expect(res.status).toBe(200);
  return res.body;
};
const caseIdsOf = (page: Page) => page.items.map((b) => b.caseId);
const TOKENS = ['demo-clerk', 'demo-supervisor', 'demo-admin', 'demo-provider-a', 'demo-provider-b'];

beforeAll(async () => {
  t = await testApp(); // Wed 2026-09-30 10:00 +08:00
  ids.A = await file('rec-000001');
  ids.B = await file('rec-000002');
  ids.D = await file('rec-000011');
  ids.F = await file('rec-000005');
  await act(ids.A, 'forward');
  await act(ids.B, 'forward');
  await act(ids.B, 'dismiss', { reason: '信息准确' }, 'demo-provider-a');
  await act(ids.F, 'reject', { reason: '不属于异议受理范围' });
  await t.advanceTo('2026-10-08T02:00:00.000Z'); // Thu 10-08 10:00
  await act(ids.D, 'forward');
  await t.advanceTo('2026-10-14T02:00:00.000Z'); // Wed 10-14 10:00
  ids.E = await file('rec-000004');

  await t.advanceTo('2026-10-15T02:00:00.000Z'); // snapshot 1: Thu 10-15 10:00
  for (const token of TOKENS) {
    first[token] = { summary: await summaryOf(token), breaches: await breachesOf(token) };
  }

  await t.advanceTo('2026-10-16T02:00:00.000Z'); // Fri 10-16 10:00
  friday = await summaryOf('demo-supervisor');

  await t.advanceTo('2026-10-20T02:00:00.000Z'); // snapshot 2: Tue 10-20 10:00
  await act(ids.A, 'dismiss', { reason: '信息准确无误' }, 'demo-provider-a');
  await act(ids.A, 'process');
}, 120_000);
afterAll(() => t?.close());

describe('GET /api/sla/summary', () => {
  test('the numbers a supervisor sees mid-story: due today, due by the end of the next working day, overdue, breached, escalated', () => {
    expect(first['demo-supervisor'].summary).toEqual({
      asOf: '2026-10-15T10:00:00.000+08:00',
      openCases: 4, // A, B, D, E (F is closed)
      dueToday: 1, // D: verify due 10-16 00:00, the end of today
      dueSoon: 2, // D, and E: compare due at the end of Fri 10-16, the next working day
      dueSoonUntil: '2026-10-17T00:00:00.000+08:00',
      overdue: 2, // A (10-15 00:00) and B (10-10 00:00)
      breachedOpen: 2,
      breachesByStage: { compare: 0, verify: 1, process: 1, notify: 0, accept: 0, review: 0, decide: 0 },
      breachesByUnit: [
        { unitId: null, unitName: '市信用中心', count: 1 },
        { unitId: 'unit-a', unitName: '示例市市场监督管理局', count: 1 },
      ],
      escalations: 1, // B's third reminder (10-14 00:00)
    });
    // Clerks and admins see the same numbers.
    expect(first['demo-clerk'].summary).toEqual(first['demo-supervisor'].summary);
    expect(first['demo-admin'].summary).toEqual(first['demo-supervisor'].summary);
  });

  test('due soon counts working days: on a Friday the next working day is Monday', () => {
    expect(friday).toEqual(
      expect.objectContaining({
        asOf: '2026-10-16T10:00:00.000+08:00',
        dueToday: 1, // E: compare due at the end of today
        dueSoon: 1,
        dueSoonUntil: '2026-10-20T00:00:00.000+08:00', // the end of Mon 10-19
        overdue: 3, // A, B, and D since 10-16 00:00
        breachesByStage: { compare: 0, verify: 2, process: 1, notify: 0, accept: 0, review: 0, decide: 0 },
      }),
    );
  });

  test('later: every open case overdue, breaches by stage and by responsible unit, two escalations', async () => {
    expect(await summaryOf('demo-supervisor')).toEqual({
      asOf: '2026-10-20T10:00:00.000+08:00',
      openCases: 3, // B, D, E (A was closed at 10:00)
      dueToday: 0,
      dueSoon: 0,
      dueSoonUntil: '2026-10-22T00:00:00.000+08:00',
      overdue: 3,
      breachedOpen: 3,
      breachesByStage: { compare: 1, verify: 2, process: 1, notify: 0, accept: 0, review: 0, decide: 0 },
      breachesByUnit: [
        { unitId: null, unitName: '市信用中心', count: 2 }, // B (process), E (compare)
        { unitId: 'unit-a', unitName: '示例市市场监督管理局', count: 1 }, // A, though now closed
        { unitId: 'unit-b', unitName: '示例市人力资源和社会保障局', count: 1 }, // D
      ],
      escalations: 2, // B's, and A's third reminder (10-20 00:00)
    });
  });

  test('厦门办法第二十六条: a provider unit’s overdue verification is counted against that unit, and only its own numbers are shown to it', async () => {
    expect(first['demo-provider-a'].summary).toEqual({
      asOf: '2026-10-15T10:00:00.000+08:00',
      openCases: 3, // its records' cases: A, B, E
      dueToday: 0,
      dueSoon: 1, // E
      dueSoonUntil: '2026-10-17T00:00:00.000+08:00',
      overdue: 2, // A and B
      breachedOpen: 2,
      breachesByStage: { compare: 0, verify: 1, process: 0, notify: 0, accept: 0, review: 0, decide: 0 }, // A only: B's lateness is the center's
      breachesByUnit: [{ unitId: 'unit-a', unitName: '示例市市场监督管理局', count: 1 }],
      escalations: 0, // B's escalation is the center's
    });
    expect(first['demo-provider-b'].summary).toEqual({
      asOf: '2026-10-15T10:00:00.000+08:00',
      openCases: 1, // D
      dueToday: 1,
      dueSoon: 1,
      dueSoonUntil: '2026-10-17T00:00:00.000+08:00',
      overdue: 0,
      breachedOpen: 0,
      breachesByStage: { compare: 0, verify: 0, process: 0, notify: 0, accept: 0, review: 0, decide: 0 },
      breachesByUnit: [],
      escalations: 0,
    });
    expect(await summaryOf('demo-provider-a')).toEqual(
      expect.objectContaining({
        openCases: 2, // B, E
        overdue: 2,
        breachedOpen: 2,
        breachesByStage: { compare: 0, verify: 1, process: 0, notify: 0, accept: 0, review: 0, decide: 0 },
        breachesByUnit: [{ unitId: 'unit-a', unitName: '示例市市场监督管理局', count: 1 }],
        escalations: 1, // its own: A's third reminder
      }),
    );
    expect(await summaryOf('demo-provider-b')).toEqual(
      expect.objectContaining({
        openCases: 1,
        overdue: 1,
        breachedOpen: 1,
        breachesByStage: { compare: 0, verify: 1, process: 0, notify: 0, accept: 0, review: 0, decide: 0 },
        breachesByUnit: [{ unitId: 'unit-b', unitName: '示例市人力资源和社会保障局', count: 1 }],
        escalations: 0,
      }),
    );
  });
});

describe('GET /api/sla/summary across a 调休 weekend', () => {
  let u: TestApp;
  afterAll(() => u?.close());

  test('工作日 includes 调休上班: on Fri 10-09 the next working day is Sat 10-10, so a deadline at its end is due soon', async () => {
    u = await testApp({ start: '2026-10-08T02:00:00.000Z' }); // Thu 10-08 10:00 +08:00
    const filed = await u.fileObjection('rec-000003');
    expect(filed.nextDeadline).toBe('2026-10-11T00:00:00.000+08:00'); // compare: 10-09, 10-10 (调休)
    const thursday = (await u.as('demo-supervisor').get('/api/sla/summary')).body;
    expect(thursday).toEqual(
      expect.objectContaining({ dueToday: 0, dueSoon: 0, dueSoonUntil: '2026-10-10T00:00:00.000+08:00' }),
    );
    await u.advanceTo('2026-10-09T02:00:00.000Z'); // Fri 10-09 10:00
    const friday09 = (await u.as('demo-supervisor').get('/api/sla/summary')).body;
    expect(friday09).toEqual(
      expect.objectContaining({
        openCases: 1,
        dueToday: 0,
        dueSoon: 1,
        dueSoonUntil: '2026-10-11T00:00:00.000+08:00',
        overdue: 0,
      }),
    );
  }, 60_000);
});

describe('GET /api/sla/breaches', () => {
  test('newest first, with the case, the stage, who was responsible, and instants in +08:00', async () => {
    const page = await breachesOf('demo-supervisor');
    expect(page).toEqual({
      items: [
        {
          id: expect.any(String),
          caseId: ids.E,
          caseType: 'objection',
          stage: 'compare',
          rung: 'breach',
          level: 1,
          responsible: { kind: 'center', unitId: null, unitName: '市信用中心' },
          deadline: '2026-10-17T00:00:00.000+08:00',
          breachedAt: '2026-10-17T00:00:00.000+08:00',
          caseState: 'compare',
          caseOpen: true,
        },
        {
          id: expect.any(String),
          caseId: ids.D,
          caseType: 'objection',
          stage: 'verify',
          rung: 'breach',
          level: 1,
          responsible: { kind: 'provider', unitId: 'unit-b', unitName: '示例市人力资源和社会保障局' },
          deadline: '2026-10-16T00:00:00.000+08:00',
          breachedAt: '2026-10-16T00:00:00.000+08:00',
          caseState: 'verify',
          caseOpen: true,
        },
        {
          id: expect.any(String),
          caseId: ids.A,
          caseType: 'objection',
          stage: 'verify',
          rung: 'breach',
          level: 1,
          responsible: { kind: 'provider', unitId: 'unit-a', unitName: '示例市市场监督管理局' },
          deadline: '2026-10-15T00:00:00.000+08:00',
          breachedAt: '2026-10-15T00:00:00.000+08:00',
          caseState: 'closed', // a breach stays on record after the case closes
          caseOpen: false,
        },
        {
          id: expect.any(String),
          caseId: ids.B,
          caseType: 'objection',
          stage: 'process',
          rung: 'breach',
          level: 1,
          responsible: { kind: 'center', unitId: null, unitName: '市信用中心' },
          deadline: '2026-10-10T00:00:00.000+08:00',
          breachedAt: '2026-10-10T00:00:00.000+08:00',
          caseState: 'process',
          caseOpen: true,
        },
      ],
      page: 1,
      pageSize: 50,
      total: 4,
    });
    expect(new Set(page.items.map((b) => b.id)).size).toBe(4);
    expect(await breachesOf('demo-clerk')).toEqual(page);
    expect(await breachesOf('demo-admin')).toEqual(page);
    // Mid-story, the list held what had happened by then.
    expect(caseIdsOf(first['demo-supervisor'].breaches)).toEqual([ids.A, ids.B]);
  });

  test('厦门办法第二十六条: a provider unit sees only the breaches it is responsible for (demo-provider-b none of unit-a’s)', async () => {
    expect(caseIdsOf(await breachesOf('demo-provider-a'))).toEqual([ids.A]);
    expect(caseIdsOf(await breachesOf('demo-provider-b'))).toEqual([ids.D]);
    expect(first['demo-provider-b'].breaches).toEqual({ items: [], page: 1, pageSize: 50, total: 0 });
    // Asking for another unit's, or the center's, gives nothing rather than someone else's breaches.
    expect(await breachesOf('demo-provider-b', '?unitId=unit-a')).toEqual(
      expect.objectContaining({ items: [], total: 0 }),
    );
    expect(await breachesOf('demo-provider-b', `?caseId=${ids.A}`)).toEqual(
      expect.objectContaining({ items: [], total: 0 }),
    );
    expect((await breachesOf('demo-provider-a', '?responsible=center')).total).toBe(0);
  });

  test('filters: stage, responsible, unitId, caseId, since; paging keeps the order and the total', async () => {
    expect(caseIdsOf(await breachesOf('demo-supervisor', '?stage=verify'))).toEqual([ids.D, ids.A]);
    expect(caseIdsOf(await breachesOf('demo-supervisor', '?responsible=center'))).toEqual([ids.E, ids.B]);
    expect(caseIdsOf(await breachesOf('demo-supervisor', '?responsible=provider'))).toEqual([ids.D, ids.A]);
    expect(caseIdsOf(await breachesOf('demo-supervisor', '?unitId=unit-b'))).toEqual([ids.D]);
    expect(caseIdsOf(await breachesOf('demo-supervisor', `?caseId=${ids.B}`))).toEqual([ids.B]);
    expect(caseIdsOf(await breachesOf('demo-supervisor', `?caseId=${ids.F}`))).toEqual([]);
    // since is inclusive, and any offset names the same instant.
    const since = encodeURIComponent('2026-10-16T00:00:00+08:00');
    expect(caseIdsOf(await breachesOf('demo-supervisor', `?since=${since}`))).toEqual([ids.E, ids.D]);
    expect(caseIdsOf(await breachesOf('demo-supervisor', '?since=2026-10-15T16:00:00Z'))).toEqual([
      ids.E,
      ids.D,
    ]);
    expect(caseIdsOf(await breachesOf('demo-supervisor', '?stage=verify&unitId=unit-a'))).toEqual([ids.A]);
    const second = await breachesOf('demo-supervisor', '?pageSize=3&page=2');
    expect(second).toEqual(expect.objectContaining({ page: 2, pageSize: 3, total: 4 }));
    expect(caseIdsOf(second)).toEqual([ids.B]);
  });
});

describe('refusals', () => {
  test('no token, or an unknown one: 401 problem+json', async () => {
    for (const url of ['/api/sla/summary', '/api/sla/breaches']) {
      const res = await request(t.app).get(url);
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect((await request(t.app).get(url).set('Authorization', 'Bearer nope')).status).toBe(401);
    }
  });

  test.each([
    ['stage=appeal', 'query.stage'],
    ['responsible=someone', 'query.responsible'],
    ['since=2026-10-16', 'query.since'],
    ['since=2026-10-16T00:00:00', 'query.since'],
    ['page=0', 'query.page'],
    ['pageSize=201', 'query.pageSize'],
    ['pageSize=ten', 'query.pageSize'],
    ['unitId=', 'query.unitId'],
    ['caseId=', 'query.caseId'],
  ])('GET /api/sla/breaches?%s → 422 naming %s', async (query, field) => {
    const res = await t.as('demo-supervisor').get(`/api/sla/breaches?${query}`);
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
  });

  test('every bad field is named at once', async () => {
    const res = await t.as('demo-clerk').get('/api/sla/breaches?stage=x&since=yesterday&page=-1');
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'query.page',
      'query.since',
      'query.stage',
    ]);
  });
});

describe('the OpenAPI document describes what the routes answer', () => {
  const members = (name: string) => {
    const schema = openApiDocument().components.schemas[name] as {
      required: string[];
      properties: Record<string, { required?: string[] }>;
    };
    expect(Object.keys(schema.properties).sort()).toEqual([...schema.required].sort());
    return schema;
  };

  test('SlaSummary, SlaBreachPage and SlaBreach members match real answers', async () => {
    const summary = members('SlaSummary');
    for (const token of TOKENS) {
      expect(Object.keys(first[token].summary).sort()).toEqual([...summary.required].sort());
    }
    expect(Object.keys((await summaryOf('demo-supervisor')).breachesByStage as object).sort()).toEqual(
      [...summary.properties.breachesByStage.required!].sort(),
    );
    const page = await breachesOf('demo-supervisor');
    expect(Object.keys(page).sort()).toEqual([...members('SlaBreachPage').required].sort());
    const breach = members('SlaBreach');
    for (const item of page.items) {
      expect(Object.keys(item).sort()).toEqual([...breach.required].sort());
      expect(Object.keys(item.responsible as object).sort()).toEqual(
        [...breach.properties.responsible.required!].sort(),
      );
    }
  });

  test('the breach list’s query parameters are those the route validates', () => {
    const params = openApiDocument().paths['/api/sla/breaches'].get.parameters!;
    expect(params.map((p) => p.name)).toEqual([
      'stage',
      'responsible',
      'unitId',
      'caseId',
      'since',
      'page',
      'pageSize',
    ]);
    expect(params.find((p) => p.name === 'stage')!.schema).toEqual(
      expect.objectContaining({
        enum: ['compare', 'verify', 'process', 'notify', 'accept', 'review', 'decide'],
      }),
    );
  });
});
