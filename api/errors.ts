import type { ErrorRequestHandler, RequestHandler } from 'express';
import { Problem, type ProblemType } from './problems';

export const PROBLEM_JSON = 'application/problem+json';

export const notFoundRoute: RequestHandler = (req, _res, next) => {
  next(new Problem('not-found', { detail: `No route ${req.method} ${req.path}` }));
};

/**
 * The one place errors become responses: problems as they are, body-parser failures as 400/413/415,
 * anything else as a 500 without internals (logged with a reference the caller can quote).
 */
export function errorHandler(log: (msg: string, err: unknown) => void): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const problem = toProblem(err);
    if (problem.status >= 500) log(`${req.method} ${req.originalUrl} failed`, err);
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

function toProblem(err: unknown): Problem {
  if (err instanceof Problem) return err;
  const e = err as { type?: string; status?: number };
  const known = typeof e?.type === 'string' ? LIBRARY_ERRORS[e.type] : undefined;
  if (known) return problem(...known);
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
