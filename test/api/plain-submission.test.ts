import { plainSubmission, SUBMISSION_LIMITS } from '../../api/routes/plain-submission';
import { recordSubmissionBody } from '../../api/routes/record-collection';

/**
 * The batch route reads plainly valid rows without zod (issue 11). Whatever it reads must be exactly what
 * zod parses; any row it is unsure of goes to zod, which reports the problems.
 */

const org = {
  sourceRecordNo: '示例监处〔2026〕1号',
  subjectId: '91350200MA2XYZ1234',
  subjectName: '示例有限公司（演示）',
  category: 'dishonesty',
  listType: 'other-dishonesty',
  content: { title: '演示', nested: { a: [1, 'b', null] } },
  decidedOn: '2026-03-01',
  disclosure: 'public',
};
const full = {
  ...org,
  providerUnitId: '  unit-a ',
  subjectKind: 'person',
  listType: ' administrative-penalty ',
  severity: 'general',
  disclosureEndsOn: '2027-01-01',
  consentRef: ' 同意书 1 号 ',
  noticeExemption: { basis: '  《示例法》第三条 ' },
};
const BASES: Record<string, unknown>[] = [org, full, { ...org, disclosureEndsOn: null }];

const long = (n: number) => 'x'.repeat(n);
const VALUES: unknown[] = [
  undefined,
  null,
  0,
  true,
  '',
  '   ',
  ' padded ',
  'a\u0001b',
  'a\u007fb',
  'tab\tinside',
  '\n',
  long(SUBMISSION_LIMITS.listType),
  long(SUBMISSION_LIMITS.listType + 1),
  ` ${long(SUBMISSION_LIMITS.sourceRecordNo)} `,
  long(SUBMISSION_LIMITS.sourceRecordNo + 1),
  long(SUBMISSION_LIMITS.subjectName + 1),
  long(SUBMISSION_LIMITS.noticeExemptionBasis + 1),
  'person',
  'organization',
  'positive',
  'minor',
  'authorized',
  [],
  ['x'],
  {},
  { basis: 'law' },
  { basis: ' ' },
  { basis: 'law', extra: 1 },
  { big: long(SUBMISSION_LIMITS.contentChars) },
  { fine: long(SUBMISSION_LIMITS.contentChars - 20) },
  JSON.parse('{"__proto__": {"x": 1}, "y": 2}'),
  Object.create(null),
];

function variants(): [string, unknown][] {
  const out: [string, unknown][] = [];
  BASES.forEach((base, b) => {
    out.push([`base ${b}`, base]);
    for (const field of [...Object.keys(full), 'unknownField', '__proto__']) {
      VALUES.forEach((value, v) => {
        const row: Record<string, unknown> = JSON.parse(JSON.stringify(base));
        if (value === undefined) delete row[field];
        else
          Object.defineProperty(row, field, { value, enumerable: true, writable: true, configurable: true });
        out.push([`base ${b}, ${field} = value ${v}`, row]);
      });
    }
  });
  out.push(
    ['null', null],
    ['array', [org]],
    ['string', 'row'],
    ['JSON __proto__ row', JSON.parse('{"__proto__": 1}')],
  );
  return out;
}

describe('plainSubmission reads a row exactly as recordSubmissionBody does, or leaves it to zod', () => {
  test('every variant: the same parse, or null', () => {
    let read = 0;
    for (const [name, row] of variants()) {
      const fast = plainSubmission(row);
      const parsed = recordSubmissionBody.safeParse(row);
      if (fast === null) continue;
      read += 1;
      expect({ name, success: parsed.success }).toEqual({ name, success: true });
      expect({ name, row: fast }).toStrictEqual({ name, row: parsed.data });
    }
    expect(read).toBeGreaterThan(100);
  });

  test('the common valid rows take the plain path', () => {
    for (const base of BASES) expect(plainSubmission(JSON.parse(JSON.stringify(base)))).not.toBeNull();
  });
});
