/**
 * Record collection by provider units (issue 11, "Collection"; API.md "Record collection"): POST /api/records
 * and POST /api/records/batch, every refusal, idempotent re-submission, and what is stored (row counts
 * read back from the database). The test app's "today" is 2026-09-30 (Asia/Shanghai).
 */
import { WorkTracker } from '../../engine/work-tracker';
import { noticeCaseId } from '../../api/case-types/notice';
import { archiveDayWorkflowId } from '../../domain/record-expiry';
import request from 'supertest';
import { createApp } from '../../api/app';
import type { CollectedRecords, OnRecordsCollected } from '../../api/collection-hooks';
import { MAX_BATCH_ROWS } from '../../api/routes/record-collection';
import { policyFor } from '../../domain/policy';
import { verifyAuditChain } from '../../db/audit';
import { creditCodeCheckChar, residentIdCheckChar } from '../../domain/subject-id';
import { testApp, TEST_SIGNING_KEY, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

/** A made-up, well-formed 统一社会信用代码 (GB 32100): 91 + 350200 + a counter. */
function orgId(n: number): string {
  const first17 = `91350200${String(n).padStart(9, '0')}`;
  return first17 + creditCodeCheckChar(first17);
}
/** A made-up, well-formed 身份证号 (GB 11643) born 1990-01-01. */
function personId(n: number): string {
  const first17 = `35020319900101${String(n).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}
/** The same number with a wrong check character. */
function badCheckDigit(id: string): string {
  const wrong = id[17] === '0' ? '1' : '0';
  return id.slice(0, 17) + wrong;
}

let seq = 0;
function row(changes: Record<string, unknown> = {}): Record<string, unknown> {
  seq += 1;
  return {
    sourceRecordNo: `示例监处〔2026〕T${seq}号`,
    subjectId: orgId(seq),
    subjectName: `示例测试归集有限公司${seq}（演示）`,
    category: 'dishonesty',
    listType: 'other-dishonesty',
    content: { title: '行政处理：演示数据，非真实信息', basis: '《示例条例》第一条' },
    decidedOn: '2026-07-01',
    disclosure: 'public',
    ...changes,
  };
}

const provider = () => t.as('demo-provider-a');
const collect = (body: unknown) =>
  provider()
    .post('/api/records')
    .send(body as object);
const collectBatch = (body: unknown) =>
  provider()
    .post('/api/records/batch')
    .send(body as object);

async function counts() {
  const n = async (table: string, where: Record<string, unknown> = {}) =>
    Number((await t.db.knex(table).where(where).count({ n: '*' }).first())?.n ?? 0);
  return {
    records: await n('records'),
    versions: await n('record_versions'),
    audit: await n('audit_log', { action: 'record.collected' }),
  };
}
const fields = (res: { body: { errors?: { field: string }[] } }) =>
  (res.body.errors ?? []).map((e) => e.field);

describe('POST /api/records (厦门办法第十一条: a provider unit provides its own records)', () => {
  test('a dishonesty record is collected pending its notice (第十三条), with version 1, its audit entry and its period', async () => {
    const before = await counts();
    const body = row();
    const res = await collect(body);
    expect(res.status).toBe(201);
    expect(res.headers['location']).toBe(`/api/records/${res.body.id}`);
    expect(res.body).toMatchObject({
      id: expect.stringMatching(/^rec-\d{6}$/),
      subjectId: body.subjectId,
      providerUnitId: 'unit-a',
      category: 'dishonesty',
      listType: 'other-dishonesty',
      sourceRecordNo: body.sourceRecordNo,
      severity: null,
      decidedOn: '2026-07-01',
      version: 1,
      // 第二十八条 3 months → 2026-10-01, inside the National Day holiday: 民法典第二百零三条 moves it on.
      disclosureEndsOn: '2026-10-08',
      flags: expect.objectContaining({ pendingNotice: true, archived: false }),
      visibility: { visible: false, reasons: ['pending-notice'] },
    });
    expect(await counts()).toEqual({
      records: before.records + 1,
      versions: before.versions + 1,
      audit: before.audit + 1,
    });
    const audit = await t.db.knex('audit_log').where({ entity_id: res.body.id }).first();
    expect(audit).toMatchObject({ action: 'record.collected', actor_role: 'provider' });
    expect(JSON.parse(audit.detail)).toMatchObject({ pendingNotice: true, noticeExemption: null });
    expect(await verifyAuditChain(t.db.knex)).toMatchObject({ ok: true });
  });

  test('厦门办法第十三条: a pending record is invisible to every report and cannot be objected to', async () => {
    const body = row();
    const id = (await collect(body)).body.id;
    for (const token of ['demo-clerk', 'demo-supervisor']) {
      const report = await t
        .as(token)
        .post('/api/reports')
        .send({ subjectId: body.subjectId, kind: 'government', purpose: 'licensing' });
      expect(report.status).toBe(201);
      expect(report.body.records.map((r: { id: string }) => r.id)).not.toContain(id);
    }
    const publicReport = await t
      .as('demo-clerk')
      .post('/api/reports')
      .send({ subjectId: body.subjectId, kind: 'public' });
    expect(publicReport.body.records).toEqual([]);
    const objection = await t
      .as('demo-clerk')
      .post('/api/objections')
      .send({
        recordId: id,
        applicant: { name: '测试甲', idNumber: '11010519491231002X' },
        kind: 'wrong',
        reason: '演示',
      });
    expect(objection.status).toBeGreaterThanOrEqual(400);
    expect(objection.status).toBeLessThan(500);
  });

  test('厦门办法第十三条 但书: a legal exemption collects the record at once, and the basis is recorded', async () => {
    const basis = '《示例法》第九条：依法公开的行政处罚决定无需事先告知';
    const body = row({ noticeExemption: { basis } });
    const res = await collect(body);
    expect(res.status).toBe(201);
    expect(res.body.flags.pendingNotice).toBe(false);
    expect(res.body.visibility).toEqual({ visible: true, reasons: [] });
    const stored = await t.db.knex('records').where({ id: res.body.id }).first();
    expect(stored.notice_exemption_basis).toBe(basis);
    const report = await t
      .as('demo-clerk')
      .post('/api/reports')
      .send({ subjectId: body.subjectId, kind: 'public' });
    expect(report.body.records.map((r: { id: string }) => r.id)).toEqual([res.body.id]);
  });

  test('positive and neutral records are collected at once (the notice is for dishonesty records)', async () => {
    const res = await collect(
      row({ category: 'positive', listType: 'commendation', disclosureEndsOn: null }),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      disclosureEndsOn: null,
      flags: expect.objectContaining({ pendingNotice: false }),
    });
    const exempted = await collect(
      row({ category: 'neutral', listType: 'licensing', noticeExemption: { basis: 'x' } }),
    );
    expect(exempted.status).toBe(422);
    expect(fields(exempted)).toEqual(['body.noticeExemption']);
  });

  test('re-submitting the same source record is idempotent: 200, the same record, nothing written', async () => {
    const body = row({ content: { b: 2, a: { y: 1, x: [1, 2] } } });
    const first = await collect(body);
    expect(first.status).toBe(201);
    const before = await counts();
    // The same content with its keys in another order is the same record.
    const again = await collect({ ...body, content: { a: { x: [1, 2], y: 1 }, b: 2 } });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect(await counts()).toEqual(before);
  });

  test('the same source record number with different content is a 409 naming the record', async () => {
    const body = row();
    const first = await collect(body);
    const before = await counts();
    const res = await collect({ ...body, content: { title: '另一条' } });
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ recordId: first.body.id, sourceRecordNo: body.sourceRecordNo });
    expect(await counts()).toEqual(before);
    // Another unit's numbers are its own: the same number is a different record there.
    const other = await t.as('demo-provider-b').post('/api/records').send(body);
    expect(other.status).toBe(201);
    expect(other.body.id).not.toBe(first.body.id);
  });

  test('厦门办法第十一条: a provider may not submit for another unit (403), nor may other roles', async () => {
    const before = await counts();
    const res = await collect(row({ providerUnitId: 'unit-b' }));
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await collect(row({ providerUnitId: 'unit-a' }))).status).toBe(201);
    for (const token of ['demo-clerk', 'demo-supervisor', 'demo-admin', 'demo-subject-org']) {
      expect((await t.as(token).post('/api/records').send(row())).status).toBe(403);
    }
    expect((await counts()).records).toBe(before.records + 1);
  });

  test('GB 32100 / GB 11643: a wrong check digit is refused, for organisations and persons', async () => {
    const org = await collect(row({ subjectId: badCheckDigit(orgId(9001)) }));
    expect(org.status).toBe(422);
    expect(org.body.errors).toEqual([
      { field: 'body.subjectId', message: expect.stringContaining('check digit') },
    ]);
    const person = await collect(row({ subjectId: badCheckDigit(personId(1)) }));
    expect(fields(person)).toEqual(['body.subjectId']);
    expect((await collect(row({ subjectId: personId(2) }))).status).toBe(201);
  });

  test('category, list type and disclosure must be known and belong together', async () => {
    expect(fields(await collect(row({ listType: 'commendation' })))).toEqual(['body.listType']);
    expect(fields(await collect(row({ category: 'rumour' })))).toEqual(['body.category']);
    expect(fields(await collect(row({ disclosure: 'everyone' })))).toEqual(['body.disclosure']);
    expect(fields(await collect(row({ unexpected: 1 })))).toEqual(['body']);
  });

  test('decidedOn must be a real date and not in the future (Asia/Shanghai)', async () => {
    expect(fields(await collect(row({ decidedOn: '2026-02-30' })))).toEqual(['body.decidedOn']);
    expect(fields(await collect(row({ decidedOn: '2026/07/01' })))).toEqual(['body.decidedOn']);
    const future = await collect(row({ decidedOn: '2026-10-01' }));
    expect(future.body.errors).toEqual([
      { field: 'body.decidedOn', message: expect.stringContaining('2026-09-30') },
    ]);
    expect((await collect(row({ decidedOn: '2026-09-30' }))).status).toBe(201);
  });

  test('厦门办法第二十八条: an own end date shorter than the list’s period is refused; a longer one is kept', async () => {
    const short = await collect(row({ listType: 'serious-dishonesty', disclosureEndsOn: '2028-07-01' }));
    expect(short.body.errors).toEqual([
      { field: 'body.disclosureEndsOn', message: expect.stringMatching(/厦门办法第二十八条.*2031-07-01/) },
    ]);
    const longer = await collect(row({ listType: 'key-attention', disclosureEndsOn: '2028-07-01' }));
    expect(longer.body.disclosureEndsOn).toBe('2028-07-01');
  });

  test('国办发〔2025〕22号: an administrative penalty needs its severity, and its period follows it', async () => {
    const missing = await collect(row({ listType: 'administrative-penalty' }));
    expect(missing.status).toBe(422);
    expect(missing.body.errors).toEqual([
      { field: 'body.severity', message: expect.stringContaining('国办发〔2025〕22号') },
    ]);
    expect(fields(await collect(row({ listType: 'key-attention', severity: 'serious' })))).toEqual([
      'body.severity',
    ]);
    const serious = await collect(row({ listType: 'administrative-penalty', severity: 'serious' }));
    expect(serious.body).toMatchObject({ severity: 'serious', disclosureEndsOn: '2027-07-01' });
    const tooLong = await collect(
      row({ listType: 'administrative-penalty', severity: 'general', disclosureEndsOn: '2027-07-02' }),
    );
    expect(fields(tooLong)).toEqual(['body.disclosureEndsOn']);
    // 轻微: not published — collected, and archived at once (第二十八条第二款: kept, never shown).
    const minor = await collect(
      row({ listType: 'administrative-penalty', severity: 'minor', noticeExemption: { basis: '演示' } }),
    );
    expect(minor.body).toMatchObject({
      disclosureEndsOn: '2026-07-01',
      visibility: { visible: false, reasons: ['archived'] },
    });
  });

  test('厦门办法第二十八条第二款: a record collected after its period ended is archived at collection', async () => {
    const late = await collect(row({ decidedOn: '2025-01-10' }));
    expect(late.status).toBe(201);
    expect(late.body.disclosureEndsOn).toBe('2025-04-10');
    expect(late.body.visibility.reasons).toEqual(['pending-notice', 'archived']);
  });

  test('厦门办法第十五条第一款: forbidden data is refused, naming the field and the article', async () => {
    const before = await counts();
    const res = await collect(
      row({ subjectId: personId(3), content: { title: 'x', health: { bloodType: 'A', 病史: '无' } } }),
    );
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([
      { field: 'body.content.health.bloodType', message: expect.stringContaining('厦门办法第十五条第一款') },
      { field: 'body.content.health.病史', message: expect.stringContaining('厦门办法第十五条第一款') },
    ]);
    // Forbidden even with consent.
    const consented = await collect(row({ content: { religion: 'x' }, consentRef: '同意书-1' }));
    expect(fields(consented)).toEqual(['body.content.religion']);
    expect(await counts()).toEqual(before);
  });

  test('厦门办法第十五条第二款: a person’s income only with a consent reference', async () => {
    const without = await collect(row({ subjectId: personId(4), content: { title: 'x', income: 1 } }));
    expect(without.status).toBe(422);
    expect(without.body.errors).toEqual([
      { field: 'body.content.income', message: expect.stringMatching(/第十五条第二款.*consentRef/) },
    ]);
    const withConsent = await collect(
      row({ subjectId: personId(5), content: { title: 'x', income: 1 }, consentRef: '书面同意书 2026-001' }),
    );
    expect(withConsent.status).toBe(201);
    const stored = await t.db.knex('records').where({ id: withConsent.body.id }).first();
    expect(stored.consent_ref).toBe('书面同意书 2026-001');
    expect(Boolean(stored.consent_recorded)).toBe(true);
    // An organisation's tax amount is ordinary enterprise information.
    expect((await collect(row({ content: { title: 'x', taxAmount: 1 } }))).status).toBe(201);
  });

  test('a malformed body is a problem, never a 500', async () => {
    for (const body of [{}, { records: [] }, row({ content: 'text' }), row({ sourceRecordNo: '' })]) {
      const res = await collect(body);
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });
});

describe('POST /api/records/batch', () => {
  test('every good row is stored with its version and audit entry; ids answer in row order', async () => {
    const before = await counts();
    const rows = [
      row(),
      row({ category: 'positive', listType: 'donation' }),
      // An all-digit 身份证号 that is also a well-formed credit code needs its kind.
      row({ subjectId: personId(6), subjectKind: 'person' }),
    ];
    expect((await collectBatch({ records: [{ ...rows[2], subjectKind: undefined }] })).status).toBe(422);
    const res = await collectBatch({ records: rows });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ mode: 'all-or-nothing', rejected: [], created: 3, existing: 0 });
    expect(res.body.accepted).toHaveLength(3);
    const stored = await t.db.knex('records').whereIn('id', res.body.accepted).orderBy('id');
    expect(stored.map((r) => r.source_record_no)).toEqual(rows.map((r) => r.sourceRecordNo));
    expect(await counts()).toEqual({
      records: before.records + 3,
      versions: before.versions + 3,
      audit: before.audit + 3,
    });
    expect(await verifyAuditChain(t.db.knex)).toMatchObject({ ok: true });
  });

  test('all-or-nothing (default): any bad row → 422 listing every bad row by index and field, nothing stored', async () => {
    const before = await counts();
    const res = await collectBatch({
      records: [
        row(),
        row({ subjectId: badCheckDigit(orgId(9002)) }),
        row(),
        row({ decidedOn: '2026-13-01', content: { fingerprint: 'x' } }),
        'not a row',
      ],
    });
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.rejected).toEqual([
      { index: 1, errors: [{ field: 'subjectId', message: expect.any(String) }] },
      {
        index: 3,
        errors: [
          { field: 'decidedOn', message: expect.any(String) },
          { field: 'content.fingerprint', message: expect.stringContaining('第十五条') },
        ],
      },
      { index: 4, errors: [{ field: '(row)', message: expect.any(String) }] },
    ]);
    expect(fields(res)).toEqual([
      'body.records[1].subjectId',
      'body.records[3].decidedOn',
      'body.records[3].content.fingerprint',
      'body.records[4].(row)',
    ]);
    expect(await counts()).toEqual(before);
  });

  test('valid-only: the good rows are stored and the bad ones reported (200)', async () => {
    const before = await counts();
    const good = [row(), row()];
    const res = await collectBatch({
      mode: 'valid-only',
      records: [good[0], row({ listType: 'administrative-penalty' }), good[1]],
    });
    expect(res.status).toBe(200);
    expect(res.body.accepted).toHaveLength(2);
    expect(res.body.rejected).toEqual([
      { index: 1, errors: [{ field: 'severity', message: expect.any(String) }] },
    ]);
    expect(await counts()).toEqual({
      records: before.records + 2,
      versions: before.versions + 2,
      audit: before.audit + 2,
    });
  });

  test('re-submitting a batch is idempotent; a changed row under a known number is refused, naming the record', async () => {
    const rows = [row(), row()];
    const first = await collectBatch({ records: rows });
    const before = await counts();
    const again = await collectBatch({ records: rows });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ accepted: first.body.accepted, created: 0, existing: 2 });
    const changed = await collectBatch({ records: [rows[0], { ...rows[1], subjectName: '改名' }] });
    expect(changed.status).toBe(422);
    expect(changed.body.rejected).toEqual([
      {
        index: 1,
        errors: [{ field: 'sourceRecordNo', message: expect.any(String), recordId: first.body.accepted[1] }],
      },
    ]);
    expect(await counts()).toEqual(before);
  });

  test('two rows of one request with the same number: the same content is one record, different content is refused', async () => {
    const a = row();
    const res = await collectBatch({ mode: 'valid-only', records: [a, a, { ...a, subjectName: '另一家' }] });
    expect(res.status).toBe(200);
    expect(res.body.accepted).toEqual([res.body.accepted[0], res.body.accepted[0]]);
    expect(res.body).toMatchObject({ created: 1, existing: 1 });
    expect(res.body.rejected).toEqual([
      {
        index: 2,
        errors: [
          {
            field: 'sourceRecordNo',
            message: expect.stringContaining(`already record ${res.body.accepted[0]}`),
            recordId: res.body.accepted[0],
          },
        ],
      },
    ]);
  });

  test('a row for another unit refuses the whole request (403), nothing stored', async () => {
    const before = await counts();
    const res = await collectBatch({
      mode: 'valid-only',
      records: [row(), row({ providerUnitId: 'unit-b' })],
    });
    expect(res.status).toBe(403);
    expect(await counts()).toEqual(before);
  });

  test(`more than ${MAX_BATCH_ROWS} rows → 413; an empty batch → 422; other roles → 403`, async () => {
    const template = row();
    const tooMany = await collectBatch({
      records: Array.from({ length: MAX_BATCH_ROWS + 1 }, () => template),
    });
    expect(tooMany.status).toBe(413);
    expect(tooMany.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(tooMany.body.maxRows).toBe(MAX_BATCH_ROWS);
    expect((await collectBatch({ records: [] })).status).toBe(422);
    expect((await collectBatch({ records: [row()], mode: 'some' })).status).toBe(422);
    expect(
      (
        await t
          .as('demo-clerk')
          .post('/api/records/batch')
          .send({ records: [row()] })
      ).status,
    ).toBe(403);
  });

  test('a body over the batch limit → 413 problem; the limit is raised for this route only', async () => {
    const huge = { records: [row({ content: { title: 'x'.repeat(25 * 1024 * 1024) } })] };
    const res = await collectBatch(huge);
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const big = row({ content: { title: 'x'.repeat(300 * 1024) } });
    expect((await collect(big)).status).toBe(413); // POST /api/records keeps the 256 kB limit
    expect((await collectBatch({ records: [big] })).status).toBe(422); // parsed; content too long
  });

  test(`${MAX_BATCH_ROWS} rows in one request are stored in one go`, async () => {
    const before = await counts();
    const rows = Array.from({ length: MAX_BATCH_ROWS }, (_, i) =>
      row({ subjectId: orgId(100_000 + i), category: 'neutral', listType: 'registration' }),
    );
    const res = await collectBatch({ records: rows });
    expect(res.status).toBe(200);
    expect(res.body.accepted).toHaveLength(MAX_BATCH_ROWS);
    expect(new Set(res.body.accepted).size).toBe(MAX_BATCH_ROWS);
    expect(await counts()).toEqual({
      records: before.records + MAX_BATCH_ROWS,
      versions: before.versions + MAX_BATCH_ROWS,
      audit: before.audit + MAX_BATCH_ROWS,
    });
    expect(await verifyAuditChain(t.db.knex)).toMatchObject({ ok: true });
  });
});

describe('厦门办法第十三条: the hand-over to notice cases', () => {
  /** The app over the test's database and engine, handing collected records to `onRecordsCollected`. */
  const appHandingOverTo = (onRecordsCollected: OnRecordsCollected, handOvers?: WorkTracker) =>
    createApp({
      db: t.db,
      policy: policyFor('xiamen'),
      clock: { now: () => new Date(t.now()) },
      engine: t.engine,
      reportSigningKey: TEST_SIGNING_KEY,
      ...(handOvers ? { handOvers } : {}),
      onRecordsCollected,
    });

  test('after commit, onRecordsCollected gets the new records that wait for a notice and the timed ones', async () => {
    const handed: CollectedRecords[] = [];
    const app = appHandingOverTo(async (collected) => void handed.push(collected));
    const rows = [
      row(),
      row({ noticeExemption: { basis: '演示' } }),
      row({ category: 'neutral', listType: 'licensing' }),
      row(),
    ];
    const res = await request(app)
      .post('/api/records/batch')
      .set('Authorization', 'Bearer demo-provider-a')
      .send({ records: rows });
    expect(res.status).toBe(200);
    const ends = await t.db.knex('records').whereIn('id', res.body.accepted).orderBy('id');
    const timed = ends
      .filter((r) => r.disclosure_ends_on !== null)
      .map((r) => ({ recordId: r.id, endsOn: r.disclosure_ends_on }));
    expect(timed).toHaveLength(3); // the neutral licensing record has no end date
    expect(handed).toEqual([
      {
        providerUnitId: 'unit-a',
        noticeRequired: [res.body.accepted[0], res.body.accepted[3]],
        timed,
        at: expect.any(String),
      },
    ]);
    // A re-submission creates nothing: no notice case again; the expiry timers (第二十八条) are handed over
    // again, as arming them is idempotent and heals a start that failed after the first commit.
    await request(app)
      .post('/api/records/batch')
      .set('Authorization', 'Bearer demo-provider-a')
      .send({ records: rows });
    expect(handed).toHaveLength(2);
    expect(handed[1]).toMatchObject({ noticeRequired: [], timed });
    const pending = await t.db
      .knex('records')
      .whereIn('id', res.body.accepted)
      .orderBy('id')
      .pluck('pending_notice');
    expect(pending.map(Boolean)).toEqual([true, false, false, true]);
  });

  test('a batch is answered once its rows are committed; the hand-over runs on after the answer', async () => {
    let release!: () => void;
    const gate = new Promise<void>((open) => (release = open));
    const handed: CollectedRecords[] = [];
    const handOvers = new WorkTracker();
    const app = appHandingOverTo(async (collected) => {
      await gate;
      handed.push(collected);
    }, handOvers);
    const res = await request(app)
      .post('/api/records/batch')
      .set('Authorization', 'Bearer demo-provider-a')
      .send({ records: [row(), row()] });
    expect(res.status).toBe(200);
    expect(res.body.created).toBe(2);
    expect(handed).toEqual([]);
    expect(handOvers.busy).toBe(true);
    release();
    await handOvers.idle();
    expect(handed).toMatchObject([{ noticeRequired: res.body.accepted }]);
  });

  test('厦门办法第十三条、第二十八条: after a batch, each pending record has its notice case and its day timer', async () => {
    const res = await collectBatch({ records: [row(), row(), row({ noticeExemption: { basis: '演示' } })] });
    expect(res.status).toBe(200);
    await t.settled();
    const [first, second, exempt] = res.body.accepted as string[];
    const notices = await t.db
      .knex('cases')
      .where({ type: 'notice' })
      .whereIn('id', [first, second, exempt].map(noticeCaseId));
    expect(notices.map((c) => c.id).sort()).toEqual([noticeCaseId(first), noticeCaseId(second)].sort());
    const ends = await t.db.knex('records').whereIn('id', res.body.accepted).pluck('disclosure_ends_on');
    for (const endsOn of new Set(ends)) {
      expect((await t.engine.describe(archiveDayWorkflowId(endsOn))).status).toBe('running');
    }
    const armed = await t.db.knex('records').whereIn('id', res.body.accepted).where({ expiry_armed: true });
    expect(armed).toHaveLength(3);
  });
});
