import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import request from 'supertest';
import { cjkFont } from '../../api/cjk-font';
import { testApp, type TestApp } from '../support/app';

/**
 * The PDF is checked by reading it back with poppler-utils (pdftotext, pdfinfo, pdffonts, pdfimages: the
 * Debian package CI installs). Without them these tests fail, naming the package — they are not skipped.
 */
function poppler(tool: string, args: string[]): string {
  try {
    return execFileSync(tool, args, { encoding: 'utf8' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Error(`${tool} not found: apt-get install -y poppler-utils`);
    throw err;
  }
}

let t: TestApp;
let dir: string;
beforeAll(async () => {
  t = await testApp();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-pdf-'));
});
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await t.close();
});

const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

async function pdfReport(token: string | null, body: Record<string, unknown>) {
  let req = request(t.app).post('/api/reports').set('Accept', 'application/pdf').buffer(true).parse(binary);
  if (token) req = req.set('Authorization', `Bearer ${token}`);
  const res = await req.send(body);
  const file = path.join(dir, `${res.headers['x-report-code'] ?? 'refused'}.pdf`);
  if (res.status === 201) fs.writeFileSync(file, res.body as Buffer);
  return { res, file };
}

const pages = (file: string) => Number(/Pages:\s+(\d+)/.exec(poppler('pdfinfo', [file]))![1]);
/** `raw`: in content-stream order, so the rotated watermark reads as one run instead of interleaving. */
const pageText = (file: string, page: number, raw = false) =>
  poppler('pdftotext', [
    ...(raw ? ['-raw'] : []),
    '-f',
    String(page),
    '-l',
    String(page),
    '-enc',
    'UTF-8',
    file,
    '-',
  ]);

/** The QR code on the first page, decoded from the image embedded in the PDF. */
function decodeQr(file: string): string | null {
  const prefix = path.join(dir, 'qr');
  poppler('pdfimages', ['-png', '-f', '1', '-l', '1', file, prefix]);
  const png = PNG.sync.read(fs.readFileSync(`${prefix}-000.png`));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
}

describe('厦门查询规则第十条: the credit report as PDF', () => {
  let subjectId: string;
  let code: string;
  let file: string;
  let json: { records: { id: string; content: { title: string } }[] };
  beforeAll(async () => {
    // The subject with the most records, so the report runs over more than one page.
    const busiest = await t.db
      .knex('records')
      .select('subject_id')
      .count({ n: '*' })
      .groupBy('subject_id')
      .orderBy('n', 'desc')
      .first();
    subjectId = (busiest as { subject_id: string }).subject_id;
    await t.fileObjection(
      (
        await t.db
          .knex('records')
          .where({
            subject_id: subjectId,
            pending_notice: false,
            archived: false,
            repaired: false,
            non_disclosed: false,
            disclosure: 'public',
          })
          .first()
      ).id,
    );
    const body = { subjectId, kind: 'government', purpose: 'licensing' };
    const pdf = await pdfReport('demo-clerk', body);
    expect(pdf.res.status).toBe(201);
    code = pdf.res.headers['x-report-code'];
    file = pdf.file;
    json = (await t.as('demo-clerk').post('/api/reports').send(body)).body;
  });

  test('it is a PDF download named by its report code', () => {
    expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    expect(code).toMatch(/^CR\d{8}-[0-9A-Z]{12}$/);
  });

  test('its Chinese text reads back: title, code, query time, subject, every record, the annotation, no evaluation', () => {
    const text = Array.from({ length: pages(file) }, (_, i) => pageText(file, i + 1))
      .join('\n')
      .replace(/\s+/g, '');
    expect(text).toContain('公共信用信息报告');
    expect(text).toContain(`报告编码：${code}`);
    expect(text).toMatch(/查询时间：\d{4}-\d{2}-\d{2}\d{2}:\d{2}:\d{2}/);
    expect(text).toContain('查询类型：政务查询');
    expect(text).toContain(`主体标识：${subjectId}`);
    for (const r of json.records) expect(text).toContain(r.content.title.replace(/\s+/g, ''));
    expect(text).toContain('【异议标注】');
    expect(text).toContain('不对信用主体作任何评价');
  });

  test('the visible watermark, with the report code, is on every page', () => {
    expect(pages(file)).toBeGreaterThan(1);
    for (let p = 1; p <= pages(file); p++) {
      const text = pageText(file, p, true).replace(/\s+/g, '');
      expect(text).toContain(`公共信用报告${code}防伪`);
      expect(text).toContain(`报告编码${code}`);
    }
  });

  test('the Chinese font is embedded (a subset of a Debian CJK font)', () => {
    const fonts = poppler('pdffonts', [file]).split('\n').slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThan(0);
    for (const line of fonts) expect(line).toMatch(/\byes\s+yes\s+yes\b/); // emb sub uni
    expect(fonts.join('\n')).toMatch(new RegExp(cjkFont(process.env).postscriptName ?? ''));
  });

  test('the first page carries a QR code of the verify address, which verifies the report', async () => {
    const images = poppler('pdfimages', ['-list', file])
      .split('\n')
      .slice(2)
      .filter((line) => /^\s*\d+\s+\d+\s+image\b/.test(line));
    expect(images.length).toBe(1);
    expect(images[0]).toMatch(/^\s*1\s/);
    const url = new URL(decodeQr(file)!);
    expect(url.pathname).toBe(`/api/reports/${code}/verify`);
    const verify = await request(t.app).get(url.pathname + url.search);
    expect(verify.body).toMatchObject({ code, valid: true, subjectId });
  });

  test('the PDF report is logged like any report, and verifies with its watermark', async () => {
    const row = await t.db.knex('query_log').where({ report_code: code }).first();
    expect(row).toMatchObject({ kind: 'government', outcome: 'provided' });
    const stored = await t.db.knex('reports').where({ code }).first();
    expect(JSON.parse(stored.content).records.length).toBe(json.records.length);
  });

  test('the Location header is the verify address the QR code encodes', async () => {
    const { res } = await pdfReport(null, { subjectId, kind: 'public' });
    const verify = await request(t.app).get(res.headers.location);
    expect(verify.body).toMatchObject({ code: res.headers['x-report-code'], valid: true });
  });

  test('without a CJK font the PDF is refused with the remedy named (503), before any report is issued, and logged', async () => {
    const before = Number((await t.db.knex('reports').count({ n: '*' }).first())!.n);
    process.env.REPORT_FONT_PATH = '/nonexistent/font.ttc';
    try {
      const { res } = await pdfReport(null, { subjectId, kind: 'public' });
      expect(res.status).toBe(503);
      expect(JSON.parse((res.body as Buffer).toString()).detail).toMatch(/REPORT_FONT_PATH/);
    } finally {
      delete process.env.REPORT_FONT_PATH;
    }
    expect(Number((await t.db.knex('reports').count({ n: '*' }).first())!.n)).toBe(before);
    expect(await t.db.knex('query_log').orderBy('id', 'desc').first()).toMatchObject({
      outcome: 'refused',
      refusal: 'unavailable',
    });
  });
});

describe('font lookup', () => {
  test('a missing font fails with the Debian package to install', () => {
    expect(() => cjkFont({}, () => false)).toThrow(/apt-get install -y fonts-wqy-microhei/);
  });
});
