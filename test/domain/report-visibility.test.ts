import {
  DISCLOSURES,
  GOVERNMENT_PURPOSES,
  isGovernmentPurpose,
  REPORT_KINDS,
  reportVisibility,
  type Disclosure,
  type RecordFlags,
  type ReportKind,
} from '../../domain/records';
import { PLAIN_FLAGS } from '../support/record-flags';

const plain = PLAIN_FLAGS;
const record = (disclosure: Disclosure, changes: Partial<RecordFlags> = {}) => ({
  disclosure,
  flags: { ...plain, ...changes },
});
const included = (kind: ReportKind, disclosure: Disclosure, changes: Partial<RecordFlags> = {}) =>
  reportVisibility(kind, record(disclosure, changes)).included;

/** Every flag that hides a record, with the article that says so. */
const HIDING: [keyof RecordFlags, string][] = [
  ['pendingNotice', '厦门办法第十三条'],
  ['archived', '厦门办法第二十八条'],
  ['repaired', '厦门办法第二十三条'],
  ['nonDisclosed', '厦门办法第二十七条'],
  ['suspended', '厦门办法第二十六条'],
  ['deleted', '厦门办法第二十六条'],
];

describe('reportVisibility: kind by kind (厦门查询规则第四～九条)', () => {
  test('厦门查询规则第五条: a public report shows 社会公开 records only', () => {
    expect(included('public', 'public')).toBe(true);
    expect(included('public', 'authorized')).toBe(false);
    expect(included('public', 'government')).toBe(false);
    expect(reportVisibility('public', record('authorized')).reasons).toEqual(['disclosure']);
  });

  test('厦门查询规则第六条第一项 / 云浮第二十一条: the subject sees all of its own records', () => {
    for (const d of DISCLOSURES) expect(included('self', d)).toBe(true);
  });

  test('厦门查询规则第六条第二项: an authorized third party sees public and authorized records, never government-shared', () => {
    expect(included('authorized', 'public')).toBe(true);
    expect(included('authorized', 'authorized')).toBe(true);
    expect(included('authorized', 'government')).toBe(false);
  });

  test('厦门查询规则第九条 / 云浮第二十一条: an agency sees public, authorized and government-shared records', () => {
    for (const d of DISCLOSURES) expect(included('government', d)).toBe(true);
  });

  test('the full table, kind by disclosure attribute', () => {
    const table = Object.fromEntries(REPORT_KINDS.map((k) => [k, DISCLOSURES.filter((d) => included(k, d))]));
    expect(table).toEqual({
      public: ['public'],
      self: ['public', 'authorized', 'government'],
      authorized: ['public', 'authorized'],
      government: ['public', 'authorized', 'government'],
    });
  });
});

describe('reportVisibility: flag by flag (RULES.md, Records)', () => {
  test.each(HIDING)('%s (%s) hides the record from every kind of report', (flag) => {
    for (const kind of REPORT_KINDS)
      for (const d of DISCLOSURES) {
        const v = reportVisibility(kind, record(d, { [flag]: true }));
        expect(v.included).toBe(false);
        expect(v.annotations).toEqual([]);
      }
  });

  test('厦门办法第二十六条: a record under objection appears with its 异议标注 in every kind that may see it', () => {
    for (const kind of REPORT_KINDS) {
      expect(reportVisibility(kind, record('public', { objectionCaseId: 'case-1' }))).toEqual({
        included: true,
        reasons: [],
        annotations: ['objection'],
      });
    }
  });

  test('a record that any flag hides never appears, whatever the other flags, kind or disclosure', () => {
    // Every combination of the six hiding flags and the annotation: 2^7 flag sets × 3 attributes × 4 kinds.
    const keys: (keyof RecordFlags)[] = [...HIDING.map(([k]) => k), 'objectionCaseId'];
    for (let mask = 0; mask < 1 << keys.length; mask++) {
      const flags: Partial<RecordFlags> = {};
      keys.forEach((k, i) => {
        if (mask & (1 << i)) Object.assign(flags, { [k]: k === 'objectionCaseId' ? 'case-1' : true });
      });
      const anyHiding = HIDING.some(([k]) => flags[k] === true);
      for (const kind of REPORT_KINDS)
        for (const d of DISCLOSURES) {
          const v = reportVisibility(kind, record(d, flags));
          if (anyHiding) expect(v.included).toBe(false);
          expect(v.included).toBe(!anyHiding && included(kind, d));
          expect(v.annotations).toEqual(v.included && flags.objectionCaseId ? ['objection'] : []);
        }
    }
  });

  test('every reason is given: flags first, then a disclosure the kind may not see', () => {
    expect(
      reportVisibility('public', record('government', { repaired: true, archived: true })).reasons,
    ).toEqual(['archived', 'repaired', 'disclosure']);
  });
});

describe('厦门查询规则第八条: government queries need a purpose from the list', () => {
  test('the six purposes of 第八条 are accepted, anything else is not', () => {
    expect(GOVERNMENT_PURPOSES).toEqual([
      'licensing',
      'procurement',
      'personnel',
      'commendation',
      'public-safety',
      'other',
    ]);
    for (const p of GOVERNMENT_PURPOSES) expect(isGovernmentPurpose(p)).toBe(true);
    expect(isGovernmentPurpose('curiosity')).toBe(false);
    expect(isGovernmentPurpose('')).toBe(false);
  });
});
