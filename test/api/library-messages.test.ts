import zlib from 'node:zlib';
import request from 'supertest';
import { testApp, type TestApp } from '../support/app';

/** Issue 13: problem `detail` copied library text (body-parser, zlib, router) instead of our own words. */
let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const auth = { Authorization: 'Bearer demo-clerk' };
const LIBRARY_TEXT =
  /Failed to decode|unsupported charset|incorrect header check|invalid block type|ISO-8859-1/;

test('a NUL byte in a path id is refused as input, not a 500 (PostgreSQL: invalid byte sequence)', async () => {
  const res = await request(t.app).get('/api/cases/%00nul').set(auth);
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  expect(res.text).not.toMatch(/byte sequence|select/i);
});

describe('problem details are in our own words, Chinese and English (issue 13)', () => {
  test.each([
    [
      "undecodable path parameter (Failed to decode param '%FF')",
      () => request(t.app).get('/api/cases/%FF').set(auth),
      400,
      'invalid-request',
    ],
    [
      'an unsupported charset (unsupported charset "ISO-8859-1")',
      () =>
        request(t.app)
          .post('/api/objections')
          .set(auth)
          .set('Content-Type', 'application/json; charset=ISO-8859-1')
          .send('{"recordId":"x"}'),
      415,
      'unsupported-media-type',
    ],
    [
      'a gzip body that is not gzip (incorrect header check)',
      () =>
        request(t.app)
          .post('/api/objections')
          .set(auth)
          .set('Content-Type', 'application/json')
          .set('Content-Encoding', 'gzip')
          .send('{"recordId":"x"}'),
      400,
      'invalid-request',
    ],
    [
      'a deflate body that is not deflate (invalid block type)',
      () =>
        request(t.app)
          .post('/api/objections')
          .set(auth)
          .set('Content-Type', 'application/json')
          .set('Content-Encoding', 'deflate')
          .send(Buffer.concat([zlib.deflateSync('{}').subarray(0, 2), Buffer.from([0xff, 0xff, 0xff])])),
      400,
      'invalid-request',
    ],
  ])('%s', async (_name, send, status, type) => {
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.type).toMatch(new RegExp(`/${type}$`));
    expect(res.text).not.toMatch(LIBRARY_TEXT);
    expect(res.body.detail).not.toMatch(/%FF/);
    // Our own words in both languages: a CJK character and a Latin sentence.
    expect(res.body.detail).toMatch(/[\u4e00-\u9fff]/);
    expect(res.body.detail).toMatch(/ \/ [A-Z][a-z]/);
  });
});
