import type { Request, RequestHandler } from 'express';
import { Problem } from './problems';

export interface RateLimitOptions {
  /** Requests allowed per key in one window. */
  max: number;
  windowMs: number;
  /** Who is counted: a token's user, an IP address… */
  key(req: Request): string;
  now?: () => number;
}

/**
 * A fixed-window request counter per key, answering 429 problem+json with Retry-After once a key has
 * used its window. In memory: each API process limits on its own, which is what a single-node
 * deployment needs; several nodes behind a balancer would each allow `max`.
 */
export function rateLimit({ max, windowMs, key, now = Date.now }: RateLimitOptions): RequestHandler {
  const windows = new Map<string, { count: number; resetAt: number }>();
  // Expired windows are dropped once the map grows, so idle keys do not accumulate forever.
  const sweepAbove = 10_000;
  return (req, res, next) => {
    const t = now();
    if (windows.size > sweepAbove) {
      for (const [k, w] of windows) if (w.resetAt <= t) windows.delete(k);
    }
    const k = key(req);
    let w = windows.get(k);
    if (!w || w.resetAt <= t) {
      w = { count: 0, resetAt: t + windowMs };
      windows.set(k, w);
    }
    w.count++;
    if (w.count <= max) return next();
    const retryAfter = Math.max(1, Math.ceil((w.resetAt - t) / 1000));
    res.setHeader('Retry-After', String(retryAfter));
    next(
      new Problem('too-many-requests', {
        detail: `请求过于频繁，请 ${retryAfter} 秒后再试 / Too many requests: retry in ${retryAfter} s`,
        retryAfter,
      }),
    );
  };
}
