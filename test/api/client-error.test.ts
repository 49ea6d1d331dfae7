import net from 'node:net';
import { testApp, type TestApp } from '../support/app';
import { listenAsServerDoes, type Listening } from '../support/listening';

/**
 * Issue 13: Node's HTTP parser answered an over-long request 431 and a raw 0xFF in the request line 400,
 * both with no body. Sent over real sockets to a real listening server, since supertest cannot send them.
 */
let t: TestApp;
let listening: Listening;
let port: number;
beforeAll(async () => {
  t = await testApp();
  listening = await listenAsServerDoes(t.app);
  port = listening.port;
});
afterAll(async () => {
  await listening.close();
  await t.close();
});

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Writes `raw` to a new connection and reads the answer until the server closes it. */
function sendRaw(raw: Buffer): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    // Written, not ended: a half-closed socket may be closed before a slow answer (PostgreSQL) is sent.
    const socket = net.connect(port, '127.0.0.1', () => socket.write(raw));
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head, ...rest] = text.split('\r\n\r\n');
      const [statusLine, ...lines] = head.split('\r\n');
      resolve({
        status: Number(statusLine.split(' ')[1]),
        headers: Object.fromEntries(
          lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
        ),
        body: rest.join('\r\n\r\n'),
      });
    });
  });
}

describe("the HTTP parser's refusals are problem+json too (issue 13)", () => {
  test('an over-long URL: 431 problem+json', async () => {
    const url = `/api/cases?state=${'x'.repeat(20_000)}`;
    const res = await sendRaw(Buffer.from(`GET ${url} HTTP/1.1\r\nHost: localhost\r\n\r\n`));
    expect(res.status).toBe(431);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(res.body)).toMatchObject({
      status: 431,
      type: expect.stringMatching(/headers-too-large$/),
    });
    expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.body));
  });

  test('over-long headers: 431 problem+json', async () => {
    const res = await sendRaw(
      Buffer.from(`GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'y'.repeat(20_000)}\r\n\r\n`),
    );
    expect(res.status).toBe(431);
    expect(JSON.parse(res.body).title).toMatch(/ \/ /);
  });

  test('a raw 0xFF byte in the request line: 400 problem+json', async () => {
    const raw = Buffer.concat([
      Buffer.from('GET /api/cases/'),
      Buffer.from([0xff]),
      Buffer.from(' HTTP/1.1\r\nHost: x\r\n\r\n'),
    ]);
    const res = await sendRaw(raw);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toBe('application/problem+json');
    const body = JSON.parse(res.body);
    expect(body).toMatchObject({ status: 400, type: expect.stringMatching(/invalid-request$/) });
    // The parser's own wording (HPE_INVALID_*, "Invalid method encountered") is not ours to show.
    expect(res.body).not.toMatch(/HPE_|Parse Error|encountered/);
  });

  test('the server still answers well-formed requests afterwards', async () => {
    const res = await sendRaw(
      Buffer.from('GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n'),
    );
    expect(res.status).toBe(200);
  });
});
