import type http from 'node:http';
import type net from 'node:net';
import { testApp, type TestApp } from '../support/app';
import { freshCase } from '../support/fresh-case';

/** Issue 13, Concurrency: 50 identical actions on one case at once — exactly one succeeds, the rest 409. */
let t: TestApp;
let server: http.Server;
let base: string;
beforeAll(async () => {
  t = await testApp({ security: { corsOrigins: [], ipPerMinute: 100_000, userPerMinute: 100_000 } });
  server = t.app.listen(0);
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await t.close();
});

const post = (token: string, url: string, body: unknown) =>
  fetch(base + url, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

test('50 parallel forward on a case in compare: one 200, 49 × 409, one task, one timeline entry, one notice', async () => {
  const c = await freshCase(t);
  const answers = await Promise.all(
    Array.from({ length: 50 }, () => post('demo-clerk', `/api/cases/${c.id}/actions/forward`, {})),
  );
  const statuses = answers.map((r) => r.status).sort();
  expect(statuses.filter((s) => s === 200)).toHaveLength(1);
  expect(statuses.filter((s) => s === 409)).toHaveLength(49);
  for (const r of answers.filter((a) => a.status === 409)) {
    expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(await r.json()).toMatchObject({ state: 'verify', allowedActions: ['withdraw'] });
  }

  const res = await fetch(`${base}/api/cases/${c.id}`, { headers: { Authorization: 'Bearer demo-clerk' } });
  const view = (await res.json()) as {
    state: string;
    timeline: { event: string }[];
    stages: { name: string }[];
  };
  expect(view.state).toBe('verify');
  expect(view.timeline.filter((e: { event: string }) => e.event === 'forwarded')).toHaveLength(1);
  expect(view.stages.map((s: { name: string }) => s.name)).toEqual(['compare', 'verify']);
  expect(await t.db.knex('tasks').where({ case_id: c.id })).toHaveLength(1);
  const events = await t.db.knex('case_events').where({ case_id: c.id, event: 'forwarded' });
  expect(events).toHaveLength(1);
  const notices = await t.db.knex('notifications').where({ case_id: c.id, recipient_kind: 'provider' });
  expect(notices).toHaveLength(1);
});
