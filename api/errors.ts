import type { ErrorRequestHandler, RequestHandler } from 'express';
import { Problem, type ProblemType } from './problems';

export const PROBLEM_JSON = 'application/problem+json';

export const notFoundRoute: RequestHandler = (req, _res, next) => {
  next(new Problem('not-found', { detail: `No route ${req.method} ${req.path}` }));
};

/**
 * The one place errors become responses: problems as they are, body-parser failures as 400/413/415, a
 * database that cannot be reached as 503 with Retry-After, anything else as a 500 without internals
 * (logged with a reference the caller can quote).
 */
export function errorHandler(log: (msg: string, err: unknown) => void): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const problem = toProblem(err);
    if (problem.status >= 500) log(`${req.method} ${req.originalUrl} failed`, err);
    if (problem.problemType === 'unavailable') {
      const retryAfter = problem.extensions.retryAfter;
      res.setHeader('Retry-After', String(typeof retryAfter === 'number' ? retryAfter : RETRY_AFTER_S));
    }
    res
      .status(problem.status)
      .type(PROBLEM_JSON)
      .send(JSON.stringify(problem.toJSON(req.originalUrl)));
  };
}

/**
 * What a library's error means, in our words: its own message names its internals (and may echo the
 * request back), so it never reaches the caller.
 */
const LIBRARY_ERRORS: Record<string, [ProblemType, string]> = {
  'entity.too.large': ['payload-too-large', '请求体超过大小限制 / The request body is larger than the limit'],
  'entity.parse.failed': ['invalid-request', '请求体不是有效的 JSON / The body is not valid JSON'],
  'entity.verify.failed': ['invalid-request', '请求体无法读取 / The body could not be read'],
  'charset.unsupported': [
    'unsupported-media-type',
    '只接受 UTF-8 编码的 JSON / Send the body as JSON in UTF-8 (charset=utf-8)',
  ],
  'encoding.unsupported': [
    'unsupported-media-type',
    '不支持此内容编码，可用 gzip、deflate、br 或不压缩 / Unsupported Content-Encoding: use gzip, deflate, br or none',
  ],
  'request.aborted': ['invalid-request', '请求体未传完 / The request body ended early'],
  'request.size.invalid': [
    'invalid-request',
    '请求体长度与 Content-Length 不符 / The body does not match its Content-Length',
  ],
};

const problem = (type: ProblemType, detail: string) => new Problem(type, { detail });

/** Seconds a client is asked to wait before retrying while the database is unreachable. */
export const RETRY_AFTER_S = 5;

/** Network errors of a socket to the database (node's `code`). */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  // PostgreSQL: admin_shutdown, crash_shutdown, cannot_connect_now (starting up or shutting down),
  // too_many_connections; class 08 (connection exceptions) is matched below.
  '57P01',
  '57P02',
  '57P03',
  '53300',
  // SQLite: the file is locked by another writer for longer than busy_timeout.
  'SQLITE_BUSY',
  'SQLITE_BUSY_SNAPSHOT',
  'SQLITE_BUSY_RECOVERY',
  'SQLITE_BUSY_TIMEOUT',
]);

/** What node-postgres and knex say when the connection is lost or none can be had (knex puts the SQL first). */
const CONNECTION_MESSAGES = [
  /Connection terminated/,
  /Connection ended unexpectedly/,
  /Client has encountered a connection error and is not queryable/,
  /Client was closed and is not queryable/,
  /timeout exceeded when trying to connect/,
  /Knex: Timeout acquiring a connection/,
];

/**
 * True when `err` (or an error it wraps) says the database cannot be reached right now, rather than
 * that the request or our code is wrong: the caller is asked to come back, never given a 500.
 */
export function isDatabaseUnreachable(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const { code, name, message } = e as { code?: unknown; name?: unknown; message?: unknown };
    if (typeof code === 'string' && (CONNECTION_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
    if (name === 'KnexTimeoutError') return true;
    if (typeof message === 'string' && CONNECTION_MESSAGES.some((m) => m.test(message))) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

const databaseUnavailable = () =>
  new Problem('unavailable', {
    detail: `数据库暂时无法访问，请 ${RETRY_AFTER_S} 秒后重试 / The database is unreachable for the moment: retry in ${RETRY_AFTER_S} s`,
    retryAfter: RETRY_AFTER_S,
  });

function toProblem(err: unknown): Problem {
  if (err instanceof Problem) return err;
  const e = err as { type?: string; status?: number };
  const known = typeof e?.type === 'string' ? LIBRARY_ERRORS[e.type] : undefined;
  if (known) return problem(...known);
  if (isDatabaseUnreachable(err)) return databaseUnavailable();
  // PostgreSQL cannot store or compare some text (a NUL byte): the input is at fault, not the server.
  if ((err as { code?: string })?.code === '22021' || (err as { code?: string })?.code === '22P05') {
    return problem(
      'invalid-request',
      '请求含有无法处理的字符（如 NUL） / The request holds characters that cannot be handled (such as NUL)',
    );
  }
  // A path segment such as %FF that is not valid percent-encoded UTF-8 (the router's URIError).
  if (err instanceof URIError) {
    return problem(
      'invalid-request',
      '路径中含有无法解码的字符 / The path holds characters that cannot be decoded',
    );
  }
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
    // Most often a compressed body that does not decompress (zlib's "incorrect header check").
    return problem('invalid-request', '请求无法读取 / The request could not be read');
  }
  return problem('internal', '服务器内部错误，已记录 / An unexpected error occurred; it has been logged');
}
