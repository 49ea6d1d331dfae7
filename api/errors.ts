import type { ErrorRequestHandler, RequestHandler } from 'express';
import { Problem } from './problems';

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

function toProblem(err: unknown): Problem {
  if (err instanceof Problem) return err;
  const e = err as { type?: string; status?: number; message?: string };
  if (e?.type === 'entity.too.large') {
    return new Problem('payload-too-large', { detail: 'The request body is larger than the limit' });
  }
  if (e?.type === 'entity.parse.failed') {
    return new Problem('invalid-request', { detail: 'The body is not valid JSON' });
  }
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') {
    return new Problem('unsupported-media-type', { detail: e.message });
  }
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
    return new Problem('invalid-request', { detail: e.message ?? 'Bad request' });
  }
  return new Problem('internal', { detail: 'An unexpected error occurred; it has been logged' });
}
