/**
 * `npm audit --omit=dev` for CI: fails on a high or critical advisory in a production dependency unless
 * audit-allowlist.json lists it with a reason and an expiry date that has not passed. When the audit
 * endpoint cannot be reached it says so and exits 0 — only then; any other failure to audit fails.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

interface AllowEntry {
  /** The advisory's URL or GHSA id, e.g. "GHSA-xxxx-xxxx-xxxx". */
  advisory: string;
  package: string;
  reason: string;
  reviewedBy: string;
  /** YYYY-MM-DD: after this day the exception no longer holds and must be reviewed again. */
  expires: string;
}

interface Via {
  source?: number;
  name?: string;
  title?: string;
  url?: string;
  severity?: string;
}

interface AuditReport {
  vulnerabilities?: Record<string, { severity: string; via: (Via | string)[] }>;
  error?: { code?: string; summary?: string };
  uri?: string;
  statusCode?: number;
}

const ROOT = path.join(__dirname, '..');
const BLOCKING = new Set(['high', 'critical']);
const UNREACHABLE_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENETUNREACH',
]);

function npmAudit(): Promise<string> {
  return new Promise((resolve) => {
    // npm audit exits non-zero when it finds anything: the JSON on stdout is what counts.
    execFile(
      'npm',
      ['audit', '--omit=dev', '--json'],
      { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
      (_err, stdout) => resolve(stdout),
    );
  });
}

/** npm could not get an answer from the advisory endpoint (network, proxy, or a mirror without it). */
function unreachable(report: AuditReport): boolean {
  if (report.vulnerabilities) return false;
  if (report.error?.code && UNREACHABLE_CODES.has(report.error.code)) return true;
  return typeof report.uri === 'string' && report.uri.includes('/security/') && report.statusCode !== 200;
}

async function main(): Promise<number> {
  const allow: AllowEntry[] = JSON.parse(
    fs.readFileSync(path.join(ROOT, 'audit-allowlist.json'), 'utf8'),
  ).entries;
  const today = new Date().toISOString().slice(0, 10);
  const stdout = await npmAudit();
  let report: AuditReport;
  try {
    report = JSON.parse(stdout);
  } catch {
    console.error('audit failed: npm audit gave no JSON report');
    return 2;
  }
  if (unreachable(report)) {
    console.log('skipped: npm audit endpoint unreachable');
    return 0;
  }
  if (!report.vulnerabilities) {
    console.error(`audit failed: ${report.error?.summary || 'npm audit gave no vulnerability report'}`);
    return 2;
  }
  const blocking: string[] = [];
  for (const [pkg, v] of Object.entries(report.vulnerabilities)) {
    for (const via of v.via) {
      // A string `via` is another vulnerable package: reported under its own name.
      if (typeof via === 'string' || !BLOCKING.has(via.severity ?? v.severity)) continue;
      const allowed = allow.find(
        (a) => a.package === pkg && a.expires >= today && (via.url ?? '').endsWith(a.advisory),
      );
      const line = `${via.severity} ${pkg}: ${via.title ?? ''} ${via.url ?? ''}`.trim();
      if (allowed) console.log(`allowed until ${allowed.expires} (${allowed.reason}): ${line}`);
      else blocking.push(line);
    }
  }
  for (const line of blocking) console.error(`blocking: ${line}`);
  console.log(`npm audit: ${blocking.length} high/critical advisory(ies) not on the allowlist`);
  return blocking.length > 0 ? 1 : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (err: Error) => {
    console.error(`audit failed: ${err.message}`);
    process.exitCode = 2;
  },
);
