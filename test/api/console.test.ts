import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { consoleDir } from '../../api/openapi';
import { testApp, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const ASSETS: [string, RegExp][] = [
  ['/app.js', /^(text|application)\/javascript/],
  ['/style.css', /^text\/css/],
];

describe('the web console', () => {
  test('GET / serves index.html as UTF-8 HTML, without a token, under a same-origin-only CSP', async () => {
    const res = await request(t.app).get('/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html; charset=utf-8/i);
    expect(res.text).toContain('<html lang="zh-CN">');
    expect(res.text).toContain('<script type="module" src="app.js"></script>');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("connect-src 'self'");
  });

  test.each(ASSETS)('%s loads with its content type', async (asset, type) => {
    const res = await request(t.app).get(asset);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(type);
    expect(res.text.length).toBeGreaterThan(100);
  });

  test('every asset index.html references is served', async () => {
    const html = fs.readFileSync(path.join(consoleDir, 'index.html'), 'utf8');
    const refs = [...html.matchAll(/(?:src|href)="([^"#][^"]*)"/g)].map((m) => m[1]);
    expect(refs.sort()).toEqual(['app.js', 'style.css']);
    for (const ref of refs) expect((await request(t.app).get(`/${ref}`)).status).toBe(200);
  });

  test('the assets reference only relative or same-origin URLs: nothing from elsewhere', () => {
    for (const file of fs.readdirSync(consoleDir)) {
      const text = fs.readFileSync(path.join(consoleDir, file), 'utf8');
      expect({ file, external: text.match(/(?:https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}/gi) }).toEqual({
        file,
        external: null,
      });
      expect(text).not.toMatch(/@import|url\(\s*['"]?(?!data:)[a-z]+:/i);
    }
    // The API calls the JS makes are same-origin paths under /api/.
    const js = fs.readFileSync(path.join(consoleDir, 'app.js'), 'utf8');
    const calls = [...js.matchAll(/api\(\s*[`'"]([^`'"]*)/g)].map((m) => m[1]);
    expect(calls.length).toBeGreaterThan(5);
    for (const url of calls) expect(url).toMatch(/^\/api\//);
  });

  test('the console does not shadow the API: unknown /api paths stay problem+json, and /healthz is JSON', async () => {
    const res = await request(t.app).get('/api/no-such-thing');
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const missing = await request(t.app).get('/no-such-asset.js');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  test('the routes the console calls exist in the OpenAPI document', async () => {
    const doc = (await request(t.app).get('/api/openapi.json')).body as { paths: Record<string, unknown> };
    const js = fs.readFileSync(path.join(consoleDir, 'app.js'), 'utf8');
    const templates = Object.keys(doc.paths).map(
      (p) => new RegExp(`^${p.replace(/\{[^}]+\}/g, '[^/]+').replace(/\//g, '\\/')}$`),
    );
    const called = [...js.matchAll(/api\(\s*[`'"](\/api\/[^`'"?]*)/g)]
      // A template's ${…} stands for a path segment (an id, or an action such as forward).
      .map((m) => m[1].replace(/\$\{[^}]+\}/g, 'forward'));
    expect(called.length).toBeGreaterThan(5);
    for (const p of called)
      expect({ p, documented: templates.some((re) => re.test(p)) }).toEqual({ p, documented: true });
  });
});
