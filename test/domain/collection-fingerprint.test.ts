import {
  canonicalJson,
  checkSubmission,
  submissionFingerprint,
  type RecordSubmission,
} from '../../domain/collection';
import { creditCodeCheckChar } from '../../domain/subject-id';

/**
 * Stored submission hashes decide whether a re-submission is the same record: the fingerprint written out
 * by hand must stay the canonical JSON of the submission it always was.
 */

const first17 = '91350200MA2XY0123';
const subjectId = first17 + creditCodeCheckChar(first17);
const base: RecordSubmission = {
  sourceRecordNo: '示例监处〔2026〕"1"号',
  subjectId: subjectId.toLowerCase(),
  subjectName: '示例\\有限公司',
  category: 'dishonesty',
  listType: 'other-dishonesty',
  content: { z: 1, a: { y: [1, { b: 2, a: null }], x: undefined }, title: '演示' },
  decidedOn: '2026-03-01',
  disclosure: 'public',
};
const variants: RecordSubmission[] = [
  base,
  { ...base, listType: 'administrative-penalty', severity: 'general', disclosureEndsOn: '2027-01-01' },
  { ...base, consentRef: '同意书', noticeExemption: { basis: '《示例法》' }, disclosureEndsOn: null },
  { ...base, category: 'positive', listType: 'commendation', subjectKind: 'organization', content: {} },
];

test.each(variants.map((v, i) => [i, v]))('variant %i: the canonical JSON of the submission', (_i, row) => {
  const checked = checkSubmission(row, { today: '2026-11-24' });
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
  expect(submissionFingerprint(checked.record)).toBe(
    canonicalJson({
      sourceRecordNo: row.sourceRecordNo,
      subjectId: checked.record.subjectId,
      subjectKind: checked.record.subjectKind,
      subjectName: row.subjectName,
      category: row.category,
      listType: row.listType,
      severity: row.severity ?? null,
      content: row.content,
      decidedOn: row.decidedOn,
      disclosure: row.disclosure,
      disclosureEndsOn: row.disclosureEndsOn ?? null,
      consentRef: row.consentRef ?? null,
      noticeExemption: row.noticeExemption?.basis ?? null,
    }),
  );
});

test('canonicalJson: keys sorted at every depth, undefined left out of objects and null in arrays', () => {
  const value = {
    z: 1,
    a: { y: [1, { b: 2, a: null }, undefined], x: undefined },
    title: '演示"\\',
    e: [],
    o: {},
  };
  expect(canonicalJson(value)).toBe(
    '{"a":{"y":[1,{"a":null,"b":2},null]},"e":[],"o":{},"title":"演示\\"\\\\","z":1}',
  );
});
