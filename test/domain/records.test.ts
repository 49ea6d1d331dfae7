import { collectionViolations, isListTypeOf, recordVisibility, type RecordFlags } from '../../domain/records';
import { PLAIN_FLAGS } from '../support/record-flags';

const plain = PLAIN_FLAGS;
const flags = (changes: Partial<RecordFlags>): RecordFlags => ({ ...plain, ...changes });

describe('recordVisibility', () => {
  test('a record with no flags is shown, without annotations', () => {
    expect(recordVisibility(plain)).toEqual({ visible: true, reasons: [], annotations: [] });
  });

  test('厦门办法第二十六条: a record under objection is shown with the objection annotation', () => {
    expect(recordVisibility(flags({ objectionCaseId: 'case-1' }))).toEqual({
      visible: true,
      reasons: [],
      annotations: ['objection'],
    });
  });

  test('厦门办法第二十六条: provider overdue suspends the record in queries', () => {
    const v = recordVisibility(flags({ objectionCaseId: 'case-1', suspended: true }));
    expect(v).toEqual({ visible: false, reasons: ['suspended'], annotations: [] });
  });

  test('厦门办法第二十三条: a repaired record is no longer provided (and is kept: the flag, not a deletion)', () => {
    expect(recordVisibility(flags({ repaired: true }))).toEqual({
      visible: false,
      reasons: ['repaired'],
      annotations: [],
    });
  });

  test('厦门办法第二十七条: a non-disclosed positive record is not provided', () => {
    expect(recordVisibility(flags({ nonDisclosed: true })).reasons).toEqual(['non-disclosed']);
  });

  test('厦门办法第十三条: before the pre-collection notice is served the record is invisible to every query', () => {
    expect(recordVisibility(flags({ pendingNotice: true }))).toMatchObject({
      visible: false,
      reasons: ['pending-notice'],
    });
  });

  test('厦门办法第二十八条: an archived record (period ended) is not provided', () => {
    expect(recordVisibility(flags({ archived: true }))).toMatchObject({
      visible: false,
      reasons: ['archived'],
    });
  });

  test('an objection decided by deletion hides the record, which is kept and marked deleted', () => {
    expect(recordVisibility(flags({ deleted: true })).reasons).toEqual(['deleted']);
  });

  test('every reason that applies is listed, in a fixed order', () => {
    const all = flags({
      objectionCaseId: 'case-1',
      suspended: true,
      repaired: true,
      nonDisclosed: true,
      archived: true,
      deleted: true,
      pendingNotice: true,
    });
    expect(recordVisibility(all)).toEqual({
      visible: false,
      reasons: ['pending-notice', 'archived', 'repaired', 'non-disclosed', 'suspended', 'deleted'],
      annotations: [],
    });
  });

  test('only an objection annotates; every other flag hides', () => {
    const hiding: (keyof RecordFlags)[] = [
      'suspended',
      'repaired',
      'nonDisclosed',
      'archived',
      'deleted',
      'pendingNotice',
    ];
    for (const key of hiding) expect(recordVisibility(flags({ [key]: true })).visible).toBe(false);
  });
});

describe('list types belong to their category', () => {
  test('dishonesty lists, positive kinds (第二十七条), neutral kinds', () => {
    expect(isListTypeOf('dishonesty', 'serious-dishonesty')).toBe(true);
    expect(isListTypeOf('positive', 'donation')).toBe(true);
    expect(isListTypeOf('positive', 'key-attention')).toBe(false);
    expect(isListTypeOf('neutral', 'commendation')).toBe(false);
  });
});

describe('厦门办法第十五条: data that must never be collected', () => {
  const person = { kind: 'person' as const, consentRecorded: false };

  test('religion, genes, fingerprints, blood type, illness and medical history are refused, at any depth', () => {
    const content = {
      title: '示例',
      person: { religion: 'x', blood_type: 'A', Fingerprint: '…' },
      notes: [{ medicalHistory: '…' }, { 病史: '…' }],
      gene: '…',
    };
    expect(collectionViolations(content, person)).toEqual([
      { refusal: 'forbidden-data', path: 'person.religion' },
      { refusal: 'forbidden-data', path: 'person.blood_type' },
      { refusal: 'forbidden-data', path: 'person.Fingerprint' },
      { refusal: 'forbidden-data', path: 'notes[0].medicalHistory' },
      { refusal: 'forbidden-data', path: 'notes[1].病史' },
      { refusal: 'forbidden-data', path: 'gene' },
    ]);
  });

  test('consent does not make forbidden data collectable', () => {
    expect(collectionViolations({ illness: '…' }, { kind: 'person', consentRecorded: true })).toHaveLength(1);
  });

  test('income, deposits, securities, insurance, real estate and tax amounts need written consent', () => {
    const content = { income: 1, deposits: 2, securities: 3, insurance: 4, realEstate: 5, taxAmount: 6 };
    expect(collectionViolations(content, person).map((v) => v.refusal)).toEqual(
      Array(6).fill('consent-required'),
    );
    expect(collectionViolations(content, { kind: 'person', consentRecorded: true })).toEqual([]);
  });

  test("the consent paragraph protects natural persons: an organisation's tax amount is ordinary", () => {
    expect(
      collectionViolations({ taxAmount: 100 }, { kind: 'organization', consentRecorded: false }),
    ).toEqual([]);
    expect(
      collectionViolations({ bloodType: 'A' }, { kind: 'organization', consentRecorded: false }),
    ).toHaveLength(1);
  });

  test('ordinary content passes', () => {
    expect(
      collectionViolations({ title: '未按规定公示年度报告', penalty: '列入经营异常名录' }, person),
    ).toEqual([]);
  });
});
