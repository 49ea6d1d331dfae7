import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import knexFactory from 'knex';
import { appendAudit } from '../../db/audit';
import { openDatabase, type Database } from '../../db/connection';
import { dropAppendOnly } from '../../migrations/lib/append-only';

/**
 * Issue 13: `npm run audit:verify` (what CI runs after the suites) detects a row tampered with
 * directly in the database — past the append-only triggers, dropped here as an intruder with DDL
 * rights would — and names the first broken link.
 */
const run = promisify(execFile);
const ROOT = path.join(__dirname, '..', '..');

/** A database another process can open: a SQLite file, or a new PostgreSQL database when DATABASE_URL is one. */
async function sharedDatabase(): Promise<{ url: string; db: Database; drop(): Promise<void> }> {
  const server = process.env.DATABASE_URL;
  if (server && /^postgres(ql)?:\/\//.test(server)) {
    const name = `test_${crypto.randomBytes(6).toString('hex')}`;
    const admin = knexFactory({ client: 'pg', connection: server, pool: { min: 0, max: 1 } });
    await admin.raw(`CREATE DATABASE ${name}`);
    const url = new URL(server);
    url.pathname = `/${name}`;
    const db = await openDatabase(url.toString());
    return {
      url: url.toString(),
      db,
      drop: async () => {
        await db.close();
        await admin.raw(`DROP DATABASE IF EXISTS ${name}`);
        await admin.destroy();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-'));
  const url = `sqlite:${path.join(dir, 'audit.sqlite3')}`;
  return { url, db: await openDatabase(url), drop: async () => fs.rmSync(dir, { recursive: true }) };
}

const verify = (url: string) =>
  run(
    process.execPath,
    [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/audit-verify.ts'],
    {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: url },
    },
  ).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (err: { code: number; stdout: string; stderr: string }) => err,
  );

test('audit:verify names the first entry tampered with in the database, and exits non-zero', async () => {
  const shared = await sharedDatabase();
  try {
    for (let n = 1; n <= 4; n++) {
      await appendAudit(shared.db.knex, {
        at: `2026-09-30T0${n}:00:00.000Z`,
        actorRole: 'admin',
        actorId: 'demo-admin',
        action: 'calendar.day-set',
        entityType: 'calendar_day',
        entityId: `2026-10-0${n}`,
        detail: { n },
        reason: `reason ${n}`,
      });
    }
    const clean = await verify(shared.url);
    expect(clean.code).toBe(0);
    expect(JSON.parse(clean.stdout)).toEqual({ ok: true, entries: 4, brokenAt: null });

    const [, second] = await shared.db.knex('audit_log').orderBy('id').pluck('id');
    await dropAppendOnly(shared.db.knex, 'audit_log');
    await shared.db.knex('audit_log').where({ id: second }).update({ reason: 'rewritten after the fact' });
    await shared.db.close();

    const tampered = await verify(shared.url);
    expect(tampered.code).toBe(1);
    expect(JSON.parse(tampered.stdout)).toEqual({
      ok: false,
      entries: 4,
      brokenAt: second,
      broken: 'content-altered',
    });
    expect(tampered.stderr).toContain(`broken at entry ${second}`);
  } finally {
    await shared.drop();
  }
});
