import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { toShanghaiIso } from '../domain/calendar';
import type { CjkFont } from './cjk-font';
import type { CreditReport } from './report-service';

/**
 * A credit report as PDF (厦门查询规则第十条): report code, query time, content and the anti-counterfeit
 * watermark — printed as a QR code of the verify address — with a visible watermark on every page so a
 * page cut from one report cannot pass for another's. Chinese text in an embedded CJK font.
 */

const KIND_LABELS: Record<CreditReport['kind'], string> = {
  public: '社会公开信息查询',
  self: '本人查询',
  authorized: '授权查询',
  government: '政务查询',
};

const CATEGORY_LABELS: Record<string, string> = {
  dishonesty: '失信信息',
  positive: '守信信息',
  neutral: '基础信息',
};

const LIST_LABELS: Record<string, string> = {
  'serious-dishonesty': '严重失信名单',
  'key-attention': '重点关注名单',
  'other-dishonesty': '其他失信信息',
  'administrative-penalty': '行政处罚信息',
  commendation: '表彰奖励',
  volunteering: '志愿服务',
  donation: '慈善捐赠',
  registration: '登记注册信息',
  licensing: '行政许可信息',
  'other-neutral': '其他基础信息',
};

/** 厦门查询规则第八条's purposes as printed; a free-text purpose is printed as given. */
const PURPOSE_LABELS: Record<string, string> = {
  licensing: '行政许可、行政检查和较大数额行政处罚',
  procurement: '政府采购、招标投标、资金和项目支持等',
  personnel: '国家工作人员招录、职务任用、职务晋升、职称评聘',
  commendation: '表彰奖励',
  'public-safety': '公共安全综合风险分析',
  other: '国家、省、市规定的其他情形',
};

const shanghaiTime = (instant: string) => toShanghaiIso(instant).slice(0, 19).replace('T', ' ');

/** What a record's content says, line by line: its known fields first, anything else as key: value. */
function contentLines(content: unknown): string[] {
  if (content === null || typeof content !== 'object') return [String(content)];
  const c = content as Record<string, unknown>;
  const labels: [string, string][] = [
    ['title', '事项'],
    ['decisionNumber', '文书编号'],
    ['basis', '依据'],
    ['summary', '摘要'],
  ];
  const known = new Set(labels.map(([k]) => k));
  return [
    ...labels.filter(([k]) => c[k] !== undefined).map(([k, label]) => `${label}：${String(c[k])}`),
    ...Object.entries(c)
      .filter(([k]) => !known.has(k))
      .map(([k, v]) => `${k}：${typeof v === 'string' ? v : JSON.stringify(v)}`),
  ];
}

export async function renderReportPdf(
  report: CreditReport,
  verifyUrl: string,
  font: CjkFont,
): Promise<Buffer> {
  const qr = await QRCode.toBuffer(verifyUrl, {
    type: 'png',
    errorCorrectionLevel: 'M',
    margin: 1,
    width: 240,
  });
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 60, bottom: 60, left: 56, right: 56 },
    info: { Title: `公共信用信息报告 ${report.code}`, Producer: 'credit-cases' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  if (font.postscriptName) doc.registerFont('cjk', font.path, font.postscriptName);
  else doc.registerFont('cjk', font.path);
  doc.font('cjk');

  const watermarkText = `公共信用报告 ${report.code} 防伪`;
  const drawWatermark = () => {
    const { x, y } = { x: doc.x, y: doc.y };
    doc.save();
    doc.fillColor('#b0b0b0').fillOpacity(0.25).fontSize(22);
    doc.rotate(-35, { origin: [doc.page.width / 2, doc.page.height / 2] });
    for (let row = -2; row <= 6; row++) {
      doc.text(watermarkText, 20, 120 + row * 140, { lineBreak: false });
    }
    doc.restore();
    // Footer: which report, which page — also on every page.
    doc.fillColor('#555555').fontSize(8);
    doc.text(`报告编码 ${report.code}`, 56, doc.page.height - 45, { lineBreak: false });
    doc.fillColor('black').fontSize(10);
    doc.x = x;
    doc.y = y;
  };
  doc.on('pageAdded', drawWatermark);
  drawWatermark();

  doc.fontSize(20).text('公共信用信息报告', { align: 'center' });
  doc.fontSize(10).text('Public Credit Information Report', { align: 'center' }).moveDown(1);
  const top = doc.y;
  doc.image(qr, doc.page.width - 56 - 110, top, { width: 110 });
  doc.fontSize(10);
  const meta: [string, string | null][] = [
    ['报告编码', report.code],
    ['查询时间', shanghaiTime(report.queriedAt)],
    ['查询类型', KIND_LABELS[report.kind]],
    [
      '查询目的',
      report.purpose && report.kind === 'government' ? PURPOSE_LABELS[report.purpose] : report.purpose,
    ],
    ['被授权查询方', report.grantee],
    ['信用主体', report.subject.name ?? '（无记录）'],
    ['主体标识', report.subject.id],
  ];
  for (const [label, value] of meta)
    if (value !== null) doc.text(`${label}：${value}`, 56, doc.y, { width: 340 });
  doc.y = Math.max(doc.y, top + 120);
  doc.moveDown(0.5);
  doc.fontSize(8).fillColor('#333333');
  doc.text(`内容摘要 SHA-256：${report.contentHash}`, 56, doc.y);
  doc.text(
    '扫描二维码或访问验证地址核验本报告真伪（报告编码、查询时间、信用主体、报告内容任一被改动即不能通过核验）。',
  );
  doc.fillColor('black').moveDown(1);

  doc.fontSize(13).text(`信用信息（${report.records.length} 条）`).moveDown(0.5);
  if (report.records.length === 0) doc.fontSize(10).text('未查询到可提供的公共信用信息。');
  report.records.forEach((r, i) => {
    doc
      .fontSize(11)
      .text(
        `${i + 1}. ${CATEGORY_LABELS[r.category] ?? r.category} · ${LIST_LABELS[r.listType] ?? r.listType}`,
      );
    doc.fontSize(9);
    for (const line of contentLines(r.content)) doc.text(line, { indent: 14 });
    doc.text(`认定日期：${r.decidedOn}${r.disclosureEndsOn ? `\u3000公示截止：${r.disclosureEndsOn}` : ''}`, {
      indent: 14,
    });
    if (r.annotations.includes('objection')) doc.text('【异议标注】该信息正在异议处理中。', { indent: 14 });
    doc.moveDown(0.5);
  });

  doc.moveDown(1).fontSize(8).fillColor('#333333');
  doc.text(
    '说明：本报告客观反映信用主体的公共信用信息，不对信用主体作任何评价（《厦门市公共信用信息查询获取规程》第十条）。' +
      '授权查询信息、政务共享信息应严格按照查询用途使用并予以保密（第十一条）。',
  );
  doc.end();
  return done;
}
