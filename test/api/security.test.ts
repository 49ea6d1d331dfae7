import fs from 'node:fs';
import path from 'node:path';
import type { Request } from 'express';
import request from 'supertest';
import { hashToken } from '../../api/auth';
import { maskIdNumber, maskPersonalIds } from '../../api/mask';
import { consoleDir } from '../../api/openapi';
import { rateLimit } from '../../api/rate-limit';
import { DEFAULT_SECURITY, securityConfig } from '../../api/security';
import { testApp, type TestApp, TEST_SIGNING_KEY } from '../support/app';
import { freshCase } from '../support/fresh-case';
import { TEST_APPLICANT } from '../support/objection-input';

/** Issue 13, Security: headers and CSP, CORS closed by default, rate limits, masked identifiers, tokens. */
let t: TestApp;
beforeAll(async () => {
  t = await testApp({ security: { ...DEFAULT_SECURITY, corsOrigins: ['https://console.example.invalid'] } });
});
afterAll(() => t.close());

describe('security headers (helmet) and a CSP the console passes', () => {
  test.each(['/', '/app.js', '/healthz', '/api/me'])('%s carries the security headers', async (url) => {
    const res = await request(t.app).get(url).set('Authorization', 'Bearer demo-clerk');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=/);
    expect(res.headers['x-powered-by']).toBeUndefined();
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
  });

  test('the console needs nothing the CSP forbids: no inline script, style, handler attribute or eval', () => {
    const html = fs.readFileSync(path.join(consoleDir, 'index.html'), 'utf8');
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
    const js = fs.readFileSync(path.join(consoleDir, 'app.js'), 'utf8');
    expect(js).not.toMatch(/\beval\(|new Function\(|innerHTML|\.style\.|setAttribute\(\s*['"]style/);
  });
});

describe('CORS is closed unless an origin is configured', () => {
  test('default configuration allows no origin', () => {
    expect(securityConfig({}).corsOrigins).toEqual([]);
  });

  test('an unlisted origin gets no Access-Control-Allow-Origin, on a request or a preflight', async () => {
    const res = await request(t.app).get('/healthz').set('Origin', 'https://evil.example.invalid');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const pre = await request(t.app)
      .options('/api/me')
      .set('Origin', 'https://evil.example.invalid')
      .set('Access-Control-Request-Method', 'GET');
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
  });

  test('a configured origin (CORS_ORIGINS) is allowed', async () => {
    const res = await request(t.app).get('/healthz').set('Origin', 'https://console.example.invalid');
    expect(res.headers['access-control-allow-origin']).toBe('https://console.example.invalid');
  });

  test('bad limits in the environment stop start-up with the variable name', () => {
    expect(() => securityConfig({ RATE_LIMIT_USER_PER_MINUTE: 'lots' })).toThrow(
      /RATE_LIMIT_USER_PER_MINUTE/,
    );
    expect(
      securityConfig({
        RATE_LIMIT_IP_PER_MINUTE: '50',
        CORS_ORIGINS: 'https://a.example, https://b.example',
      }),
    ).toEqual({
      ...DEFAULT_SECURITY,
      ipPerMinute: 50,
      corsOrigins: ['https://a.example', 'https://b.example'],
    });
  });
});

describe('rate limit: 429 problem+json with Retry-After', () => {
  test('the limiter counts per key and resets with the window', () => {
    let now = 0;
    const limiter = rateLimit({ max: 2, windowMs: 60_000, key: (req) => String(req.ip), now: () => now });
    const outcome = (ip: string) => {
      const headers: Record<string, string> = {};
      let err: unknown;
      limiter(
        { ip } as Request,
        { setHeader: (k: string, v: string) => (headers[k] = v) } as never,
        (e?: unknown) => (err = e),
      );
      return { err, headers };
    };
    expect(outcome('a').err).toBeUndefined();
    expect(outcome('a').err).toBeUndefined();
    now = 15_000;
    const third = outcome('a');
    expect(third.err).toMatchObject({ status: 429, problemType: 'too-many-requests' });
    expect(third.headers['Retry-After']).toBe('45');
    expect(outcome('b').err).toBeUndefined();
    now = 60_000;
    expect(outcome('a').err).toBeUndefined();
  });

  test('per signed-in user on the API, and per address before authentication', async () => {
    const limited = await testApp({ security: { corsOrigins: [], ipPerMinute: 8, userPerMinute: 3 } });
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await limited.as('demo-clerk').get('/api/me')).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const refused = await limited.as('demo-clerk').get('/api/me');
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.body.type).toMatch(/too-many-requests$/);
      // Another user has its own budget until the address's budget (8) runs out — guessed tokens included.
      expect((await limited.as('demo-admin').get('/api/me')).status).toBe(200);
      const guesses = [];
      for (let i = 0; i < 3; i++) guesses.push((await limited.as(`guess-${i}`).get('/api/me')).status);
      expect(guesses).toEqual([401, 401, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe('personal identifiers are masked for providers and in logs', () => {
  test('3502**********1234', () => {
    expect(maskIdNumber('350203199001011234')).toBe('3502**********1234');
    expect(maskPersonalIds('GET /api/records?subjectId=350203199001011234 from 13800001234')).toBe(
      'GET /api/records?subjectId=3502**********1234 from 138****1234',
    );
    // Longer digit runs (an order number, a credit code) are not identity numbers.
    expect(maskPersonalIds('ref 91350200123456789012')).toBe('ref 91350200123456789012');
  });

  test('a provider sees the applicant identity number masked; a clerk sees it in full', async () => {
    const c = await freshCase(t);
    expect((await t.as('demo-clerk').post(`/api/cases/${c.id}/actions/forward`).send({})).status).toBe(200);
    const asProvider = await t.as('demo-provider-a').get(`/api/cases/${c.id}`);
    expect(asProvider.body.applicant.idNumber).toBe(maskIdNumber(TEST_APPLICANT.idNumber));
    expect(asProvider.text).not.toContain(TEST_APPLICANT.idNumber);
    const list = await t.as('demo-provider-a').get('/api/cases');
    expect(list.text).not.toContain(TEST_APPLICANT.idNumber);
    expect((await t.as('demo-clerk').get(`/api/cases/${c.id}`)).body.applicant.idNumber).toBe(
      TEST_APPLICANT.idNumber,
    );
  });

  test('what the app logs has identity and phone numbers masked', async () => {
    const lines: string[] = [];
    const logged = await testApp();
    const { createApp } = await import('../../api/app');
    const app = createApp({
      db: logged.db,
      engine: logged.engine,
      clock: { now: () => new Date(logged.now()) },
      reportSigningKey: TEST_SIGNING_KEY,
      policy: (await import('../../domain/policy')).policyFor('xiamen'),
      log: (message, err) => lines.push(`${message} ${String(err)}`),
    });
    try {
      const c = await freshCase(logged);
      jest
        .spyOn(logged.engine, 'update')
        .mockRejectedValueOnce(new Error(`engine said: applicant 350203199001011234, phone 13800001234`));
      const res = await request(app)
        .post(`/api/cases/${c.id}/actions/forward?applicant=350203199001011234`)
        .set('Authorization', 'Bearer demo-clerk')
        .send({});
      expect(res.status).toBe(500);
      expect(lines.join('\n')).toContain('3502**********1234');
      expect(lines.join('\n')).not.toMatch(/350203199001011234|13800001234/);
    } finally {
      await logged.close();
    }
  });
});

describe('tokens: stored hashed, and only the hash is ever compared', () => {
  test('the database is asked for the SHA-256 of the token, never for the token itself', async () => {
    const bindings: unknown[] = [];
    const listen = (q: { bindings?: unknown[] }) => bindings.push(...(q.bindings ?? []));
    t.db.knex.on('query', listen);
    try {
      await t.as('demo-clerk').get('/api/me');
      await t.as('demo-clerk-wrong').get('/api/me');
    } finally {
      t.db.knex.removeListener('query', listen);
    }
    expect(bindings).toContain(hashToken('demo-clerk'));
    expect(bindings).toContain(hashToken('demo-clerk-wrong'));
    expect(bindings).not.toContain('demo-clerk');
    expect(bindings).not.toContain('demo-clerk-wrong');
  });

  test('a token one character off is refused', async () => {
    expect((await t.as('demo-clerK').get('/api/me')).status).toBe(401);
    expect((await t.as('demo-clerk ').get('/api/me')).status).toBe(200);
  });
});
