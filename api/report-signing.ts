import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The anti-counterfeit electronic watermark of a credit report (厦门查询规则第十条): an HMAC with a server
 * key over the report code, the query time, the subject and a hash of the content. The watermark carries
 * those claims itself, so altering any of them — or presenting one report's watermark for another code —
 * fails verification.
 */

export const SIGNING_KEY_ENV = 'REPORT_SIGNING_KEY';
export const DEMO_KEY_FILE = path.join('data', 'report-signing.key');
const MIN_KEY_LENGTH = 32;

/**
 * The key from REPORT_SIGNING_KEY (at least 32 characters). Without it, only the embedded demo (no
 * DATABASE_URL) may run: it generates a key once and keeps it in ./data, so reports stay verifiable across
 * restarts. A real deployment without a key refuses to start rather than sign with something guessable.
 */
export function reportSigningKey(env: NodeJS.ProcessEnv, demoKeyFile = DEMO_KEY_FILE): Buffer {
  const configured = env[SIGNING_KEY_ENV];
  if (configured !== undefined) {
    if (configured.length < MIN_KEY_LENGTH)
      throw new Error(`${SIGNING_KEY_ENV} must be at least ${MIN_KEY_LENGTH} characters`);
    return Buffer.from(configured, 'utf8');
  }
  if (env.DATABASE_URL) {
    throw new Error(
      `${SIGNING_KEY_ENV} is not set: reports cannot be signed (e.g. ${SIGNING_KEY_ENV}=$(openssl rand -hex 32))`,
    );
  }
  if (fs.existsSync(demoKeyFile)) return Buffer.from(fs.readFileSync(demoKeyFile, 'utf8').trim(), 'utf8');
  fs.mkdirSync(path.dirname(demoKeyFile), { recursive: true });
  const key = crypto.randomBytes(32).toString('hex');
  fs.writeFileSync(demoKeyFile, key + '\n', { mode: 0o600 });
  return Buffer.from(key, 'utf8');
}

export interface WatermarkClaims {
  code: string;
  /** UTC ISO 8601, as stored. */
  queriedAt: string;
  subjectId: string;
  /** sha256 (hex) of the report's canonical content. */
  contentHash: string;
}

const mac = (key: Buffer, payload: string) =>
  crypto.createHmac('sha256', key).update(payload, 'utf8').digest('base64url');

/** `<claims, base64url JSON>.<HMAC-SHA256, base64url>` */
export function signWatermark(key: Buffer, claims: WatermarkClaims): string {
  const payload = Buffer.from(
    JSON.stringify({ c: claims.code, t: claims.queriedAt, s: claims.subjectId, h: claims.contentHash }),
    'utf8',
  ).toString('base64url');
  return `${payload}.${mac(key, payload)}`;
}

/** The claims a watermark carries, if and only if the server's key signed them. */
export function readWatermark(key: Buffer, watermark: string): WatermarkClaims | null {
  const [payload, signature, ...rest] = watermark.split('.');
  if (!payload || !signature || rest.length > 0) return null;
  const expected = Buffer.from(mac(key, payload));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
  try {
    const c = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const fields = [c.c, c.t, c.s, c.h];
    if (!fields.every((f) => typeof f === 'string')) return null;
    return { code: c.c, queriedAt: c.t, subjectId: c.s, contentHash: c.h };
  } catch {
    return null;
  }
}

/** JSON with object keys sorted at every depth: the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const contentHash = (canonical: string): string =>
  crypto.createHash('sha256').update(canonical, 'utf8').digest('hex');
