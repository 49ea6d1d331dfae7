import cors from 'cors';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

export interface SecurityConfig {
  /** Origins allowed to call the API from a browser; empty: none (no Access-Control-Allow-Origin). */
  corsOrigins: string[];
  /** Requests per minute one IP address may send to /api (counted before authentication). */
  ipPerMinute: number;
  /** Requests per minute one signed-in user may send to /api. */
  userPerMinute: number;
}

/** Generous: a clerk working quickly sends a few requests a second at most. */
export const DEFAULT_SECURITY: SecurityConfig = { corsOrigins: [], ipPerMinute: 1200, userPerMinute: 600 };

/** The README's CORS_ORIGINS, RATE_LIMIT_IP_PER_MINUTE and RATE_LIMIT_USER_PER_MINUTE; a bad value throws. */
export function securityConfig(env: NodeJS.ProcessEnv): SecurityConfig {
  const perMinute = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
    return n;
  };
  return {
    corsOrigins: (env.CORS_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    ipPerMinute: perMinute('RATE_LIMIT_IP_PER_MINUTE', DEFAULT_SECURITY.ipPerMinute),
    userPerMinute: perMinute('RATE_LIMIT_USER_PER_MINUTE', DEFAULT_SECURITY.userPerMinute),
  };
}

/**
 * Security headers on every answer. The console (api/console) loads one module script and one
 * stylesheet from its own origin and has no inline script or style, so 'self' is all it needs.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
  });
}

/** Cross-origin browser access: closed unless an origin is configured. */
export function corsPolicy(origins: string[]): RequestHandler {
  return cors({
    origin: (origin, done) => done(null, origin !== undefined && origins.includes(origin)),
    allowedHeaders: ['Authorization', 'Content-Type'],
    maxAge: 600,
  });
}
