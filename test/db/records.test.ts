import type { Knex } from 'knex';
import { verifyAuditChain } from '../../db/audit';
import type { Database } from '../../db/connection';
import {
  annotateObjection,
  clearObjection,
  createRecord,
  getRecord,
  getRecordVersions,
  listRecords,
  markArchived,
  markDeleted,
  markNonDisclosed,
  markNoticeServed,
  markRepaired,
  RecordConflictError,
  RecordNotFoundError,
  RecordValidationError,
  suspendForCase,
  unsuspendForCase,
  writeRecordVersion,
  type NewRecord,
  type RecordActor,
} from '../../db/records';
import {
  DEMO_AS_OF,
  DEMO_RECORD_COUNT,
  demoRecords,
  demoSubjects,
  seedDemoRecords,
} from '../../db/demo-records';
import { loadCalendarData } from '../../db/calendar';
import { WorkingCalendar } from '../../domain/calendar';
import { formatDate, parseDate } from '../../domain/calendar/day-number';
import { disclosurePeriodEnd } from '../../domain/disclosure-period';
import type { DishonestyListType } from '../../domain/records';
import { creditCodeCheckChar, parseSubjectId, residentIdCheckChar } from '../../domain/subject-id';
import { APPEND_ONLY_REFUSAL } from '../support/append-only';
import { freshDatabase } from '../support/db';
import { PLAIN_FLAGS } from '../support/record-flags';

const AT = '2026-11-23T02:00:00.000Z';
const clerk: RecordActor = { role: 'clerk', userId: 'user-clerk' };
const system: RecordActor = { role: 'system', userId: null };

// Made-up identifiers in a division that does not exist (999999 / 990000); check characters computed.
const ORG_BODY = '9199999900000001A';
const ORG_ID = ORG_BODY + creditCodeCheckChar(ORG_BODY);
const PERSON_BODY = '99000019900101123';
const PERSON_ID = PERSON_BODY + residentIdCheckChar(PERSON_BODY);

let db: Database;
let knex: Knex;
let seq = 0;

beforeAll(async () => {
  db = await freshDatabase();
  knex = db.knex;
  await knex('units').insert([
    { id: 'unit-a', name: '示例市市场监督管理局', created_at: AT },
    { id: 'unit-b', name: '示例市人力资源和社会保障局', created_at: AT },
  ]);
});

afterAll(async () => {
  await db.close();
});

/** A plain, visible, public serious-dishonesty record of unit-a; override what the test is about. */
function aRecord(changes: Partial<NewRecord> = {}): NewRecord {
  seq += 1;
  return {
    id: `rec-t${String(seq).padStart(5, '0')}`,
    subjectId: ORG_ID,
    subjectName: '示例星河科技有限公司',
    providerUnitId: 'unit-a',
    category: 'dishonesty',
    listType: 'serious-dishonesty',
    content: { title: '未按规定公示年度报告', decisionNumber: `示例市监〔2026〕${seq}号` },
    decidedOn: '2026-03-15',
    disclosure: 'public',
    at: AT,
    actor: system,
    ...changes,
  };
}

async function created(changes: Partial<NewRecord> = {}): Promise<string> {
  return (await createRecord(knex, aRecord(changes))).id;
}

async function auditCount(recordId: string, action?: string): Promise<number> {
  const q = knex('audit_log').where({ entity_type: 'record', entity_id: recordId });
  if (action) q.andWhere({ action });
  const row = await q.count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

describe('createRecord and getRecord', () => {
  test('a created record reads back in the API shape, with version 1 and 第二十八条 period', async () => {
    const id = await created({ decidedOn: '2026-03-15', listType: 'serious-dishonesty' });
    expect(await getRecord(knex, id)).toEqual({
      id,
      subjectId: ORG_ID,
      subjectName: '示例星河科技有限公司',
      providerUnitId: 'unit-a',
      category: 'dishonesty',
      listType: 'serious-dishonesty',
      content: expect.objectContaining({ title: '未按规定公示年度报告' }),
      decidedOn: '2026-03-15',
      disclosure: 'public',
      disclosureEndsOn: '2031-03-15',
      severity: null,
      sourceRecordNo: null,
      version: 1,
      visibility: { visible: true, reasons: [] },
      annotations: [],
      flags: PLAIN_FLAGS,
      repairForbidden: false,
      repair: null,
    });
    const versions = await getRecordVersions(knex, id);
    expect(versions.map((v) => [v.version, v.reason])).toEqual([[1, 'created']]);
    expect(await auditCount(id, 'record.created')).toBe(1);
  });

  test('an unknown id reads as null', async () => {
    expect(await getRecord(knex, 'rec-nope')).toBeNull();
  });

  test('creating the same id twice changes nothing the second time', async () => {
    const input = aRecord();
    expect(await createRecord(knex, input)).toEqual({ changed: true, id: input.id });
    expect(await createRecord(knex, input)).toEqual({ changed: false, id: input.id });
    expect(await getRecordVersions(knex, input.id!)).toHaveLength(1);
    expect(await auditCount(input.id!)).toBe(1);
  });

  test('a record without an id takes the next rec-NNNNNN', async () => {
    const first = await createRecord(knex, { ...aRecord(), id: undefined });
    const second = await createRecord(knex, { ...aRecord(), id: undefined });
    expect(first.id).toMatch(/^rec-\d{6}$/);
    expect(Number(second.id.slice(4))).toBe(Number(first.id.slice(4)) + 1);
  });

  test('past rec-999999 the ids grow a digit and keep counting, never reusing one', async () => {
    const own = await freshDatabase();
    try {
      await own.knex('units').insert({ id: 'unit-a', name: '示例市市场监督管理局', created_at: AT });
      await createRecord(own.knex, { ...aRecord(), id: 'rec-999999' });
      const next = await createRecord(own.knex, { ...aRecord(), id: undefined });
      const after = await createRecord(own.knex, { ...aRecord(), id: undefined });
      expect([next.id, after.id]).toEqual(['rec-1000000', 'rec-1000001']);
    } finally {
      await own.close();
    }
  });

  test('a person subject is recognised by the 身份证号 check digit', async () => {
    const id = await created({ subjectId: PERSON_ID, subjectName: '测试甲', providerUnitId: 'unit-b' });
    expect((await getRecord(knex, id))?.subjectId).toBe(PERSON_ID);
    expect((await knex('records').where({ id }).first()).subject_kind).toBe('person');
  });

  test.each([
    ['subject-id', { subjectId: ORG_ID.slice(0, 17) + (ORG_ID[17] === '0' ? '1' : '0') }],
    ['list-type', { category: 'positive' as const, listType: 'serious-dishonesty' as const }],
    ['decided-on', { decidedOn: '2026-02-30' }],
    ['disclosure-period', { disclosureEndsOn: '2026-05-01' }], // less than 3 months (第二十八条)
    [
      'flag-not-applicable',
      { category: 'neutral' as const, listType: 'registration' as const, pendingNotice: true },
    ],
  ])('refuses invalid input: %s', async (code, changes) => {
    const input = aRecord(changes);
    await expect(createRecord(knex, input)).rejects.toMatchObject({ name: 'RecordValidationError', code });
    expect(await getRecord(knex, input.id!)).toBeNull();
  });
});

describe('厦门办法第十五条: data that must never be collected', () => {
  test('厦门办法第十五条: religion, genes, fingerprints, blood type, illness are refused', async () => {
    for (const key of ['religion', 'gene', 'fingerprint', 'bloodType', 'illness', 'medicalHistory']) {
      const input = aRecord({
        subjectId: PERSON_ID,
        subjectName: '测试甲',
        content: { title: 't', [key]: 'x' },
      });
      await expect(createRecord(knex, input)).rejects.toMatchObject({ code: 'forbidden-data' });
      await expect(createRecord(knex, { ...input, consentRecorded: true })).rejects.toMatchObject({
        code: 'forbidden-data',
      });
    }
  });

  test("厦门办法第十五条: a person's income, deposits, securities, insurance, real estate, tax amount need consent", async () => {
    for (const key of ['income', 'deposits', 'securities', 'insurance', 'realEstate', 'taxAmount']) {
      const input = aRecord({
        subjectId: PERSON_ID,
        subjectName: '测试甲',
        content: { title: 't', [key]: 1 },
      });
      await expect(createRecord(knex, input)).rejects.toBeInstanceOf(RecordValidationError);
      await expect(createRecord(knex, input)).rejects.toMatchObject({ code: 'consent-required' });
      expect(await createRecord(knex, { ...input, consentRecorded: true })).toMatchObject({ changed: true });
    }
  });

  test('厦门办法第十五条: a correction cannot bring forbidden data in either', async () => {
    const id = await created({ subjectId: PERSON_ID, subjectName: '测试甲' });
    await expect(
      writeRecordVersion(knex, {
        recordId: id,
        content: { title: 't', bloodType: 'A' },
        reason: 'correct',
        caseId: 'case-x',
        idempotencyKey: `${id}:bad`,
        at: AT,
        actor: clerk,
      }),
    ).rejects.toMatchObject({ code: 'forbidden-data' });
    expect((await getRecord(knex, id))?.version).toBe(1);
  });
});

describe('厦门办法第二十六条: objection annotation', () => {
  test('a record under objection is shown with the annotation; clearing it removes it', async () => {
    const id = await created();
    expect(await annotateObjection(knex, { recordId: id, caseId: 'case-1', at: AT, actor: clerk })).toEqual({
      changed: true,
    });
    const annotated = await getRecord(knex, id);
    expect(annotated?.flags.objectionCaseId).toBe('case-1');
    expect(annotated?.visibility).toEqual({ visible: true, reasons: [] });
    expect(annotated?.annotations).toEqual(['objection']);

    expect(await clearObjection(knex, { recordId: id, caseId: 'case-1', at: AT, actor: clerk })).toEqual({
      changed: true,
    });
    const cleared = await getRecord(knex, id);
    expect(cleared?.flags.objectionCaseId).toBeNull();
    expect(cleared?.annotations).toEqual([]);
  });

  test('annotating twice for the same case: one change, one audit entry', async () => {
    const id = await created();
    const input = { recordId: id, caseId: 'case-1', at: AT, actor: clerk };
    expect(await annotateObjection(knex, input)).toEqual({ changed: true });
    expect(await annotateObjection(knex, input)).toEqual({ changed: false });
    expect(await auditCount(id, 'record.objection-annotated')).toBe(1);
    await clearObjection(knex, input);
    expect(await clearObjection(knex, input)).toEqual({ changed: false });
    expect(await auditCount(id, 'record.objection-cleared')).toBe(1);
  });

  test('another case cannot annotate a record already under objection, nor clear its annotation', async () => {
    const id = await created();
    await annotateObjection(knex, { recordId: id, caseId: 'case-1', at: AT, actor: clerk });
    const other = { recordId: id, caseId: 'case-2', at: AT, actor: clerk };
    const refusal = annotateObjection(knex, other);
    await expect(refusal).rejects.toBeInstanceOf(RecordConflictError);
    await expect(annotateObjection(knex, other)).rejects.toMatchObject({
      code: 'objection-held-by-other-case',
      holderCaseId: 'case-1',
    });
    expect(await clearObjection(knex, other)).toEqual({ changed: false });
    expect((await getRecord(knex, id))?.flags.objectionCaseId).toBe('case-1');
  });

  test('厦门办法第二十六条: provider overdue suspends the record in queries until the result arrives', async () => {
    const id = await created();
    const input = { recordId: id, caseId: 'case-1', at: AT, actor: system };
    await annotateObjection(knex, input);
    expect(await suspendForCase(knex, input)).toEqual({ changed: true });
    expect(await suspendForCase(knex, input)).toEqual({ changed: false });
    const suspended = await getRecord(knex, id);
    expect(suspended?.flags.suspended).toBe(true);
    expect(suspended?.visibility).toEqual({ visible: false, reasons: ['suspended'] });
    expect(suspended?.annotations).toEqual([]);
    await expect(suspendForCase(knex, { ...input, caseId: 'case-2' })).rejects.toMatchObject({
      code: 'suspended-by-other-case',
    });

    expect(await unsuspendForCase(knex, { ...input, caseId: 'case-2' })).toEqual({ changed: false });
    expect(await unsuspendForCase(knex, input)).toEqual({ changed: true });
    expect(await unsuspendForCase(knex, input)).toEqual({ changed: false });
    expect((await getRecord(knex, id))?.visibility.visible).toBe(true);
    expect(await auditCount(id, 'record.suspended')).toBe(1);
    expect(await auditCount(id, 'record.unsuspended')).toBe(1);
  });

  test('flag changes on an unknown record throw RecordNotFoundError', async () => {
    const input = { recordId: 'rec-none', caseId: 'case-1', at: AT, actor: clerk };
    await expect(annotateObjection(knex, input)).rejects.toBeInstanceOf(RecordNotFoundError);
    await expect(clearObjection(knex, input)).rejects.toBeInstanceOf(RecordNotFoundError);
    await expect(suspendForCase(knex, input)).rejects.toBeInstanceOf(RecordNotFoundError);
    await expect(markDeleted(knex, { ...input, reason: 'x' })).rejects.toBeInstanceOf(RecordNotFoundError);
  });
});

describe('corrections and deletions keep history', () => {
  test('writeRecordVersion twice with the same key: one version, one audit entry', async () => {
    const id = await created();
    const input = {
      recordId: id,
      content: { title: '更正后的内容' },
      reason: '异议成立，更正',
      caseId: 'case-1',
      idempotencyKey: `case-1:${id}:correct`,
      at: AT,
      actor: clerk,
    };
    expect(await writeRecordVersion(knex, input)).toEqual({ changed: true, version: 2 });
    expect(await writeRecordVersion(knex, input)).toEqual({ changed: false, version: 2 });
    const record = await getRecord(knex, id);
    expect(record?.version).toBe(2);
    expect(record?.content).toEqual({ title: '更正后的内容' });
    const versions = await getRecordVersions(knex, id);
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    expect(versions[1]).toMatchObject({
      reason: '异议成立，更正',
      caseId: 'case-1',
      createdBy: 'user-clerk',
    });
    expect(await auditCount(id, 'record.version-written')).toBe(1);
  });

  test('a key reused for a different write is refused', async () => {
    const id = await created();
    const base = { recordId: id, reason: 'r', caseId: 'c', idempotencyKey: `${id}:k`, at: AT, actor: clerk };
    await writeRecordVersion(knex, { ...base, content: { a: 1 } });
    await expect(writeRecordVersion(knex, { ...base, content: { a: 2 } })).rejects.toMatchObject({
      code: 'idempotency-key-reused',
    });
  });

  test('the next write with a new key is version 3', async () => {
    const id = await created();
    const base = { recordId: id, reason: 'r', caseId: 'c', at: AT, actor: clerk };
    await writeRecordVersion(knex, { ...base, content: { a: 1 }, idempotencyKey: `${id}:1` });
    expect(await writeRecordVersion(knex, { ...base, content: { a: 2 }, idempotencyKey: `${id}:2` })).toEqual(
      {
        changed: true,
        version: 3,
      },
    );
  });

  test('markDeleted keeps the row and its versions, hides it, and is idempotent', async () => {
    const id = await created();
    const input = { recordId: id, caseId: 'case-9', reason: '异议成立，删除', at: AT, actor: clerk };
    expect(await markDeleted(knex, input)).toEqual({ changed: true });
    expect(await markDeleted(knex, input)).toEqual({ changed: false });
    const record = await getRecord(knex, id);
    expect(record?.flags.deleted).toBe(true);
    expect(record?.visibility).toEqual({ visible: false, reasons: ['deleted'] });
    expect(await getRecordVersions(knex, id)).toHaveLength(1);
    expect(await auditCount(id, 'record.deleted')).toBe(1);
    await expect(
      writeRecordVersion(knex, {
        recordId: id,
        content: {},
        reason: 'r',
        caseId: null,
        idempotencyKey: `${id}:after-delete`,
        at: AT,
        actor: clerk,
      }),
    ).rejects.toMatchObject({ code: 'record-deleted' });
  });

  test('record_versions is append-only: UPDATE and DELETE are refused by the database', async () => {
    const id = await created();
    await expect(
      knex('record_versions').where({ record_id: id }).update({ reason: 'rewritten' }),
    ).rejects.toMatchObject(APPEND_ONLY_REFUSAL);
    await expect(knex('record_versions').where({ record_id: id }).del()).rejects.toMatchObject(
      APPEND_ONLY_REFUSAL,
    );
    expect((await getRecordVersions(knex, id))[0].reason).toBe('created');
  });
});

describe('flags set by the other case types', () => {
  test('厦门办法第二十三条: a repaired record is not provided but kept, once', async () => {
    const id = await created();
    const input = { recordId: id, caseId: 'repair-1', at: AT, actor: clerk };
    expect(await markRepaired(knex, input)).toEqual({ changed: true });
    expect(await markRepaired(knex, input)).toEqual({ changed: false });
    const record = await getRecord(knex, id);
    expect(record?.visibility).toEqual({ visible: false, reasons: ['repaired'] });
    expect(record?.flags.deleted).toBe(false);
    expect(await auditCount(id, 'record.repaired')).toBe(1);
  });

  test('厦门办法第二十七条: only a positive record can be non-disclosed', async () => {
    const positive = await created({ category: 'positive', listType: 'commendation' });
    const input = { recordId: positive, caseId: 'nd-1', at: AT, actor: clerk };
    expect(await markNonDisclosed(knex, input)).toEqual({ changed: true });
    expect((await getRecord(knex, positive))?.visibility.reasons).toEqual(['non-disclosed']);
    const dishonesty = await created();
    await expect(markNonDisclosed(knex, { ...input, recordId: dishonesty })).rejects.toMatchObject({
      code: 'flag-not-applicable',
    });
  });

  test('厦门办法第十三条: a record pending its pre-collection notice is invisible until served', async () => {
    const id = await created({ pendingNotice: true });
    expect((await getRecord(knex, id))?.visibility).toEqual({ visible: false, reasons: ['pending-notice'] });
    const input = { recordId: id, caseId: 'notice-1', at: AT, actor: { role: 'provider', userId: 'u-a' } };
    expect(await markNoticeServed(knex, input)).toEqual({ changed: true });
    expect(await markNoticeServed(knex, input)).toEqual({ changed: false });
    expect((await getRecord(knex, id))?.visibility.visible).toBe(true);
  });

  test('厦门办法第二十八条: an archived record is no longer provided', async () => {
    const id = await created({ listType: 'other-dishonesty', decidedOn: '2025-01-10' });
    expect((await getRecord(knex, id))?.disclosureEndsOn).toBe('2025-04-10');
    const input = { recordId: id, caseId: null, at: AT, actor: system, reason: '公示期届满' };
    expect(await markArchived(knex, input)).toEqual({ changed: true });
    expect(await markArchived(knex, input)).toEqual({ changed: false });
    expect((await getRecord(knex, id))?.visibility).toEqual({ visible: false, reasons: ['archived'] });
  });
});

describe('listRecords', () => {
  test('filters by subject, provider and category, pages in id order, and counts the total', async () => {
    const subjectBody = '9199999900000002B';
    const subjectId = subjectBody + creditCodeCheckChar(subjectBody);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(
        await created({
          subjectId,
          providerUnitId: i % 2 === 0 ? 'unit-a' : 'unit-b',
          ...(i === 4 ? { category: 'positive', listType: 'donation' } : {}),
        }),
      );
    }
    const all = await listRecords(knex, { subjectId, page: 1, pageSize: 2 });
    expect(all.total).toBe(5);
    expect(all.items.map((r) => r.id)).toEqual(ids.slice(0, 2));
    const page3 = await listRecords(knex, { subjectId, page: 3, pageSize: 2 });
    expect(page3.items.map((r) => r.id)).toEqual(ids.slice(4));
    const unitB = await listRecords(knex, { subjectId, providerUnitId: 'unit-b', page: 1, pageSize: 50 });
    expect(unitB).toMatchObject({ total: 2 });
    const positive = await listRecords(knex, { subjectId, category: 'positive', page: 1, pageSize: 50 });
    expect(positive.items.map((r) => r.id)).toEqual([ids[4]]);
  });
});

describe('concurrency and audit', () => {
  test('two cases annotating the same record at once: exactly one holds it', async () => {
    const id = await created();
    const results = await Promise.allSettled(
      ['case-p', 'case-q'].map((caseId) =>
        annotateObjection(knex, { recordId: id, caseId, at: AT, actor: clerk }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0].reason).toBeInstanceOf(RecordConflictError);
    expect(await auditCount(id, 'record.objection-annotated')).toBe(1);
  });

  test('every change above left an intact audit hash chain', async () => {
    expect(await verifyAuditChain(knex)).toMatchObject({ ok: true, brokenAt: null });
  });
});

describe('demo records (db/demo-records)', () => {
  let seeded: Database;

  beforeAll(async () => {
    seeded = await freshDatabase();
    await seeded.knex('units').insert([
      { id: 'unit-a', name: '示例市市场监督管理局', created_at: AT },
      { id: 'unit-b', name: '示例市人力资源和社会保障局', created_at: AT },
    ]);
  });

  afterAll(async () => {
    await seeded.close();
  });

  test('the generator is deterministic and never uses Math.random', () => {
    const spy = jest.spyOn(Math, 'random').mockImplementation(() => {
      throw new Error('Math.random used');
    });
    try {
      expect(demoRecords()).toEqual(demoRecords());
    } finally {
      spy.mockRestore();
    }
  });

  test('300 records over about 30 fictional subjects with well-formed identifiers', () => {
    const records = demoRecords();
    expect(records).toHaveLength(DEMO_RECORD_COUNT);
    expect(records.map((r) => r.id)).toEqual(records.map((_, i) => `rec-${String(i + 1).padStart(6, '0')}`));
    const subjects = demoSubjects();
    expect(subjects).toHaveLength(30);
    for (const s of subjects) {
      expect(s.name).toMatch(/^(示例|演示|测试)/);
      // Well-formed even without a kind hint, and read as the right kind.
      expect(parseSubjectId(s.id)).toEqual({ ok: true, kind: s.kind, id: s.id });
    }
    expect(new Set(records.map((r) => r.subjectId)).size).toBe(30);
    for (const category of ['dishonesty', 'positive', 'neutral']) {
      expect(records.filter((r) => r.category === category).length).toBeGreaterThan(20);
    }
  });

  test('seeding inserts everything once; a second run inserts nothing', async () => {
    expect(await seedDemoRecords(seeded.knex, AT)).toEqual({ inserted: DEMO_RECORD_COUNT });
    expect(await seedDemoRecords(seeded.knex, AT)).toEqual({ inserted: 0 });
    const all = await listRecords(seeded.knex, { page: 1, pageSize: 1000 });
    expect(all.total).toBe(DEMO_RECORD_COUNT);
    const versions = await seeded.knex('record_versions').count({ n: '*' }).first();
    expect(Number(versions?.n)).toBe(DEMO_RECORD_COUNT);
  });

  test('rec-000001…010 are visible public dishonesty records of unit-a, rec-000011…020 of unit-b', async () => {
    for (let n = 1; n <= 20; n++) {
      const record = await getRecord(seeded.knex, `rec-${String(n).padStart(6, '0')}`);
      expect(record).toMatchObject({
        providerUnitId: n <= 10 ? 'unit-a' : 'unit-b',
        category: 'dishonesty',
        disclosure: 'public',
        visibility: { visible: true, reasons: [] },
      });
      // Still inside the disclosure period well after the demo's "today".
      expect(record!.disclosureEndsOn! > '2027-05-31').toBe(true);
    }
  });

  test('厦门办法第二十八条、民法典第二百零三条: every seeded dishonesty record carries its period, off rest days', async () => {
    const calendar = WorkingCalendar.from(await loadCalendarData(seeded.knex));
    const isRestDay = (date: string) => !calendar.isWorkingDay(date);
    const { items } = await listRecords(seeded.knex, { category: 'dishonesty', page: 1, pageSize: 1000 });
    let shifted = 0;
    for (const r of items) {
      const listType = r.listType as Exclude<DishonestyListType, 'administrative-penalty'>;
      const ruleEnd = disclosurePeriodEnd(r.decidedOn, listType);
      let expected = ruleEnd;
      while (isRestDay(expected)) expected = formatDate(parseDate(expected) + 1);
      expect(r.disclosureEndsOn).toBe(expected);
      if (expected !== ruleEnd) shifted += 1;
      expect(r.decidedOn >= '2025-01-01' && r.decidedOn <= '2026-12-31').toBe(true);
      if (r.flags.archived) expect(r.disclosureEndsOn! < DEMO_AS_OF).toBe(true);
    }
    expect(shifted).toBeGreaterThan(0);
  });

  test('the documented blocks of hidden records', async () => {
    const reasonsOf = async (from: number, to: number) => {
      const out: string[][] = [];
      for (let n = from; n <= to; n++) {
        out.push((await getRecord(seeded.knex, `rec-${String(n).padStart(6, '0')}`))!.visibility.reasons);
      }
      return out;
    };
    expect(await reasonsOf(41, 45)).toEqual(Array(5).fill(['pending-notice']));
    expect(await reasonsOf(46, 50)).toEqual(Array(5).fill(['archived']));
    expect(await reasonsOf(51, 55)).toEqual(Array(5).fill(['repaired']));
    expect(await reasonsOf(56, 58)).toEqual(Array(3).fill(['non-disclosed']));
    expect((await getRecord(seeded.knex, 'rec-000059'))?.disclosure).toBe('authorized');
    expect((await getRecord(seeded.knex, 'rec-000060'))?.disclosure).toBe('government');
  });

  test('both demo units have records of every category', async () => {
    for (const providerUnitId of ['unit-a', 'unit-b']) {
      for (const category of ['dishonesty', 'positive', 'neutral'] as const) {
        const { total } = await listRecords(seeded.knex, { providerUnitId, category, page: 1, pageSize: 1 });
        expect(total).toBeGreaterThan(0);
      }
    }
  });
});

describe('migration 20261123000200_records', () => {
  test('down drops both tables and up recreates them', async () => {
    const scratch = await freshDatabase();
    try {
      // Later migrations (which may reference records) come down first.
      while ((await scratch.knex.migrate.currentVersion()) >= '20261123000200')
        await scratch.knex.migrate.down();
      expect(await scratch.knex.schema.hasTable('records')).toBe(false);
      expect(await scratch.knex.schema.hasTable('record_versions')).toBe(false);
      expect(await scratch.knex.schema.hasTable('audit_log')).toBe(true);
      await scratch.knex.migrate.latest();
      expect(await scratch.knex.schema.hasTable('record_versions')).toBe(true);
    } finally {
      await scratch.close();
    }
  });
});
