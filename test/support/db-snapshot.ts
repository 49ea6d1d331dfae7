/**
 * What a case story left in the database, comparable between two runs of the same story: the rows of
 * the case projections, record flags and versions, and the audit log, with the case ids replaced by
 * `CASE-n` (in order of opening) and the columns that only say when or in which order a row was written
 * (autoincrement ids, wall-clock `updated_at`, the audit chain's hashes) left out.
 */
import type { Knex } from 'knex';

export const SNAPSHOT_TABLES = [
  'cases',
  'case_events',
  'tasks',
  'sla_breaches',
  'notifications',
  'operator_alerts',
  'records',
  'record_versions',
  'audit_log',
] as const;

export type SnapshotTable = (typeof SNAPSHOT_TABLES)[number];
export type Snapshot = Record<SnapshotTable, string[]>;

/** Written by whichever attempt got there first, or by the wall clock: not part of the outcome. */
const VOLATILE = new Set(['id', 'updated_at', 'hash', 'prev_hash']);
const KEEP_ID: ReadonlySet<string> = new Set(['cases', 'tasks', 'records']);

export async function snapshot(knex: Knex): Promise<Snapshot> {
  const caseIds: string[] = (await knex('cases').orderBy('opened_at').orderBy('id').select('id')).map(
    (r: { id: string }) => r.id,
  );
  const normalise = (text: string) => caseIds.reduce((t, id, i) => t.split(id).join(`CASE-${i + 1}`), text);
  const out = {} as Snapshot;
  for (const table of SNAPSHOT_TABLES) {
    const rows: Record<string, unknown>[] = await knex(table).select('*');
    out[table] = rows
      .map((row) =>
        normalise(
          JSON.stringify(
            Object.fromEntries(
              Object.entries(row)
                .filter(([k]) => !VOLATILE.has(k) || (k === 'id' && KEEP_ID.has(table)))
                .sort(([a], [b]) => a.localeCompare(b))
                .map(([k, v]) => [k, typeof v === 'boolean' ? Number(v) : v]),
            ),
          ),
        ),
      )
      .sort();
  }
  return out;
}

/** Row counts per table, and per table the rows that occur more than once (duplicates). */
export function duplicates(s: Snapshot): Partial<Record<SnapshotTable, string[]>> {
  const found: Partial<Record<SnapshotTable, string[]>> = {};
  for (const table of SNAPSHOT_TABLES) {
    const seen = new Set<string>();
    const twice = s[table].filter((row) => seen.has(row) || !seen.add(row));
    if (twice.length) found[table] = twice;
  }
  return found;
}

export function counts(s: Snapshot): Record<SnapshotTable, number> {
  return Object.fromEntries(SNAPSHOT_TABLES.map((t) => [t, s[t].length])) as Record<SnapshotTable, number>;
}

const INSTANT = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)/g;

/**
 * The two snapshots hold the same rows except that instants in `got` may be later than in `expected`,
 * by at most `maxLateMs`. Returns the differences found (empty when they match) and how many instants
 * were late (an effect written after a retry is stamped when it ran, not when it was decided).
 */
export function compareAllowingLateInstants(got: Snapshot, expected: Snapshot, maxLateMs: number) {
  const problems: string[] = [];
  let late = 0;
  const masked = (row: string) => row.replace(INSTANT, '<instant>');
  for (const table of SNAPSHOT_TABLES) {
    const a = [...got[table]].sort((x, y) => masked(x).localeCompare(masked(y)) || x.localeCompare(y));
    const b = [...expected[table]].sort((x, y) => masked(x).localeCompare(masked(y)) || x.localeCompare(y));
    if (a.length !== b.length) problems.push(`${table}: ${a.length} rows, expected ${b.length}`);
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (masked(a[i]) !== masked(b[i])) {
        problems.push(`${table}: ${a[i]}\n  expected ${b[i]}`);
        continue;
      }
      const ta = a[i].match(INSTANT) ?? [];
      const tb = b[i].match(INSTANT) ?? [];
      ta.forEach((instant, j) => {
        const d = Date.parse(instant) - Date.parse(tb[j]);
        if (d === 0) return;
        if (d > 0 && d <= maxLateMs) late++;
        else problems.push(`${table}: ${instant} where ${tb[j]} expected, in ${b[i]}`);
      });
    }
  }
  return { problems, late };
}
