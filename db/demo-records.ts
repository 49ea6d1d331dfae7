import type { Knex } from 'knex';
import { createRecord, recordId, type NewRecord } from './records';
import { loadCalendarData } from './calendar';
import { WorkingCalendar } from '../domain/calendar';
import { disclosurePeriodEnd, minimumDisclosureEnd } from '../domain/disclosure-period';
import {
  LIST_TYPES,
  type Disclosure,
  type DishonestyListType,
  type ListType,
  type RecordCategory,
} from '../domain/records';
import {
  creditCodeCheckChar,
  parseSubjectId,
  residentIdCheckChar,
  type SubjectKind,
} from '../domain/subject-id';
import { seededRandom } from '../domain/seeded-random';

/**
 * Deterministic demo records: the same 300 records, ids and contents on every run (a seeded PRNG, never
 * Math.random), so docs and tests can name them. All subjects are fictional: names say 示例/演示/测试, and
 * identifiers use division code 999999 / 990000, which does not exist, with computed check characters.
 *
 * Fixed blocks (everything else, rec-000061…rec-000300, is a seeded mix):
 * - rec-000001…010  unit-a, dishonesty, public, visible (001–006 serious 5 y; 007–010 key attention 1 y)
 * - rec-000011…020  unit-b, dishonesty, public, visible (019–020 about persons)
 * - rec-000021…030  positive, public, visible (commendation / volunteering / donation), units alternate
 * - rec-000031…040  neutral, public, visible
 * - rec-000041…045  dishonesty pending its pre-collection notice (第十三条): invisible
 * - rec-000046…050  dishonesty whose period ended, archived (第二十八条)
 * - rec-000051…055  dishonesty, repaired (第二十三条)
 * - rec-000056…058  positive, non-disclosed (第二十七条)
 * - rec-000059…060  dishonesty disclosed by authorization (059) or government sharing (060)
 * The provider units 'unit-a' and 'unit-b' must exist first (db/seed.ts seedDemoUsers).
 */

export const DEMO_RECORD_COUNT = 300;
/** The demo's "today" for deciding which seeded periods already ended (and are archived). */
export const DEMO_AS_OF = '2026-11-01';

export interface DemoSubject {
  id: string;
  name: string;
  kind: SubjectKind;
}

export type DemoRecord = Omit<NewRecord, 'at' | 'actor'> & { id: string };

const ORGANIZATION_NAMES = [
  '示例星河科技有限公司',
  '演示建材贸易有限公司',
  '示例海岸物流有限公司',
  '演示蓝湾餐饮管理有限公司',
  '示例云帆网络科技有限公司',
  '演示鹭岛建筑工程有限公司',
  '示例青禾农业发展有限公司',
  '演示远航船务有限公司',
  '示例明光电子有限公司',
  '演示嘉禾物业服务有限公司',
  '示例金穗食品有限公司',
  '演示恒通汽车销售有限公司',
  '示例晨曦教育咨询有限公司',
  '演示安居房产经纪有限公司',
  '示例绿源环保科技有限公司',
  '演示华彩印务有限公司',
  '示例顺达劳务派遣有限公司',
  '演示百味调料厂',
];

const PERSON_NAMES = [
  '测试甲',
  '演示乙',
  '示例丙',
  '测试丁',
  '演示戊',
  '示例己',
  '测试庚',
  '演示辛',
  '示例壬',
  '测试癸',
  '演示子',
  '示例丑',
];

type Random = ReturnType<typeof seededRandom>;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];

/** A day between `from` and `to` inclusive, as YYYY-MM-DD. */
function dayBetween(random: Random, from: string, to: string): string {
  const start = Date.parse(`${from}T00:00:00Z`);
  const days = Math.round((Date.parse(`${to}T00:00:00Z`) - start) / 86_400_000);
  return new Date(start + Math.floor(random() * (days + 1)) * 86_400_000).toISOString().slice(0, 10);
}

export function demoSubjects(): DemoSubject[] {
  const random = seededRandom(20261123);
  const organizations = ORGANIZATION_NAMES.map((name, i) => {
    // 9 工商 + 1 企业, division 999999 (none), an organisation code with letters so it cannot read as a person.
    const body = `91999999DM${String(i + 1).padStart(6, '0')}X`;
    return { id: body + creditCodeCheckChar(body), name, kind: 'organization' as const };
  });
  const persons = PERSON_NAMES.map((name, i) => {
    const birth = dayBetween(random, '1960-01-01', '2000-12-31').replace(/-/g, '');
    // Sequence codes until the number is unambiguous even without a kind hint.
    for (let seq = i * 10 + 1; ; seq++) {
      const body = `990000${birth}${String(seq).padStart(3, '0')}`;
      const id = body + residentIdCheckChar(body);
      if (parseSubjectId(id).ok) return { id, name, kind: 'person' as const };
    }
  });
  return [...organizations, ...persons];
}

interface Template {
  title: string;
  basis: string;
}

const TEMPLATES: Record<'unit-a' | 'unit-b', Record<ListType, Template[]>> = {
  'unit-a': {
    'serious-dishonesty': [
      {
        title: '列入严重违法失信名单：提交虚假材料取得公司登记',
        basis: '《示例市场主体登记管理规定》第十条',
      },
      { title: '列入严重违法失信名单：食品安全严重违法被吊销许可证', basis: '《示例食品安全条例》第二十条' },
    ],
    'key-attention': [
      { title: '列入经营异常名录：未按规定公示年度报告', basis: '《示例企业信息公示办法》第八条' },
      { title: '列入经营异常名录：通过登记的住所无法联系', basis: '《示例企业信息公示办法》第九条' },
    ],
    'other-dishonesty': [
      { title: '行政处罚：虚假宣传', basis: '《示例反不正当竞争条例》第八条' },
      { title: '行政处罚：销售不合格产品', basis: '《示例产品质量条例》第十二条' },
    ],
    'administrative-penalty': [{ title: '行政处罚：未按规定明码标价', basis: '《示例价格条例》第七条' }],
    commendation: [{ title: '示例市守合同重信用企业', basis: '示例市市场监督管理局公告' }],
    volunteering: [{ title: '志愿服务：消费维权志愿者 80 小时', basis: '示例市志愿服务记录' }],
    donation: [{ title: '慈善捐赠：向示例市慈善总会捐赠物资', basis: '示例市慈善总会捐赠证明' }],
    registration: [{ title: '设立登记', basis: '示例市市场监督管理局登记信息' }],
    licensing: [{ title: '食品经营许可', basis: '示例市市场监督管理局许可信息' }],
    'other-neutral': [{ title: '年度报告已公示', basis: '示例企业信息公示系统' }],
  },
  'unit-b': {
    'serious-dishonesty': [
      { title: '列入拖欠农民工工资失信联合惩戒对象名单', basis: '《示例拖欠农民工工资失信惩戒办法》第五条' },
    ],
    'key-attention': [
      { title: '列入拖欠工资重点关注名单', basis: '《示例拖欠农民工工资失信惩戒办法》第六条' },
    ],
    'other-dishonesty': [
      { title: '行政处罚：未按时足额支付劳动报酬', basis: '《示例劳动保障监察条例》第十四条' },
      { title: '行政处理：未依法办理社会保险登记', basis: '《示例社会保险条例》第八条' },
    ],
    'administrative-penalty': [
      { title: '行政处罚：未按规定参加社会保险', basis: '《示例社会保险条例》第十条' },
    ],
    commendation: [{ title: '劳动保障守法诚信等级 A 级', basis: '示例市人力资源和社会保障局评定' }],
    volunteering: [{ title: '志愿服务：就业援助志愿者 120 小时', basis: '示例市志愿服务记录' }],
    donation: [{ title: '慈善捐赠：资助示例市职业技能培训', basis: '示例市慈善总会捐赠证明' }],
    registration: [{ title: '社会保险登记', basis: '示例市社会保险经办机构' }],
    licensing: [{ title: '劳务派遣经营许可', basis: '示例市人力资源和社会保障局许可信息' }],
    'other-neutral': [{ title: '劳动合同备案', basis: '示例市人力资源和社会保障局' }],
  },
};

/**
 * The list types the seeded demo draws from: the three 厦门办法第二十八条 lists, as before administrative
 * penalties (which need a severity) were added, so the seeded sequence and the demo records stay the same.
 */
const DEMO_LIST_TYPES: { readonly [C in RecordCategory]: readonly ListType[] } = {
  ...LIST_TYPES,
  dishonesty: ['serious-dishonesty', 'key-attention', 'other-dishonesty'],
};

const DECISION_PREFIX = { 'unit-a': '示例市监处', 'unit-b': '示例人社监' } as const;

interface Draft {
  unit: 'unit-a' | 'unit-b';
  subject: DemoSubject;
  category: RecordCategory;
  listType: ListType;
  decidedOn: string;
  disclosure?: Disclosure;
  flags?: Pick<NewRecord, 'pendingNotice' | 'archived' | 'repaired' | 'nonDisclosed'>;
}

/** The 300 demo records, in id order. Pure and deterministic. */
export function demoRecords(): DemoRecord[] {
  const random = seededRandom(5);
  const subjects = demoSubjects();
  const orgs = subjects.filter((s) => s.kind === 'organization');
  const persons = subjects.filter((s) => s.kind === 'person');
  const drafts: Draft[] = [];
  const add = (draft: Draft) => drafts.push(draft);
  const unitOf = (i: number) => (i % 2 === 0 ? 'unit-a' : 'unit-b');

  for (let i = 0; i < 10; i++) {
    const serious = i < 6;
    add({
      unit: 'unit-a',
      subject: orgs[i],
      category: 'dishonesty',
      listType: serious ? 'serious-dishonesty' : 'key-attention',
      // Key attention decided by mid-August 2026: still disclosed through mid-2027, and its 3-month minimum
      // has passed, so these can also be used for credit repair.
      decidedOn: serious
        ? dayBetween(random, '2025-01-01', '2026-08-01')
        : dayBetween(random, '2026-06-01', '2026-08-15'),
    });
  }
  for (let i = 0; i < 10; i++) {
    add({
      unit: 'unit-b',
      subject: i < 8 ? orgs[10 + i] : persons[i - 8],
      category: 'dishonesty',
      listType: 'serious-dishonesty',
      decidedOn: dayBetween(random, '2025-01-01', '2026-08-01'),
    });
  }
  const positives: ListType[] = ['commendation', 'volunteering', 'donation'];
  for (let i = 0; i < 10; i++) {
    add({
      unit: unitOf(i),
      subject: i % 3 === 1 ? persons[2 + i] : orgs[i],
      category: 'positive',
      listType: positives[i % 3],
      decidedOn: dayBetween(random, '2025-01-01', '2026-11-15'),
    });
  }
  for (let i = 0; i < 10; i++) {
    add({
      unit: unitOf(i),
      subject: orgs[(i + 5) % orgs.length],
      category: 'neutral',
      listType: LIST_TYPES.neutral[i % 3],
      decidedOn: dayBetween(random, '2025-01-01', '2026-11-15'),
    });
  }
  for (let i = 0; i < 5; i++) {
    add({
      unit: unitOf(i),
      subject: i < 3 ? orgs[i + 3] : persons[i],
      category: 'dishonesty',
      listType: pick(random, DEMO_LIST_TYPES.dishonesty),
      decidedOn: dayBetween(random, '2026-11-01', '2026-11-20'),
      flags: { pendingNotice: true },
    });
  }
  for (let i = 0; i < 5; i++) {
    add({
      unit: unitOf(i),
      subject: orgs[(i * 3) % orgs.length],
      category: 'dishonesty',
      listType: i % 2 === 0 ? 'other-dishonesty' : 'key-attention',
      decidedOn: dayBetween(random, '2025-01-01', '2025-06-30'),
      flags: { archived: true },
    });
  }
  for (let i = 0; i < 5; i++) {
    add({
      unit: unitOf(i),
      subject: i < 4 ? orgs[(i * 5 + 2) % orgs.length] : persons[6],
      category: 'dishonesty',
      listType: 'serious-dishonesty',
      decidedOn: dayBetween(random, '2025-01-01', '2026-03-31'),
      flags: { repaired: true },
    });
  }
  for (let i = 0; i < 3; i++) {
    add({
      unit: unitOf(i),
      subject: persons[7 + i],
      category: 'positive',
      listType: positives[i],
      decidedOn: dayBetween(random, '2025-01-01', '2026-10-31'),
      flags: { nonDisclosed: true },
    });
  }
  for (const disclosure of ['authorized', 'government'] as const) {
    add({
      unit: 'unit-a',
      subject: orgs[11],
      category: 'dishonesty',
      listType: 'serious-dishonesty',
      decidedOn: dayBetween(random, '2025-06-01', '2026-06-30'),
      disclosure,
    });
  }
  while (drafts.length < DEMO_RECORD_COUNT) add(randomDraft(random, subjects));

  return drafts.map((draft, i) => toDemoRecord(draft, i + 1));
}

function randomDraft(random: Random, subjects: DemoSubject[]): Draft {
  const roll = random();
  const category: RecordCategory = roll < 0.65 ? 'dishonesty' : roll < 0.85 ? 'positive' : 'neutral';
  const listType = pick(random, DEMO_LIST_TYPES[category]);
  const decidedOn = dayBetween(random, '2025-01-01', '2026-11-15');
  const d = random();
  const disclosure: Disclosure = d < 0.8 ? 'public' : d < 0.92 ? 'authorized' : 'government';
  const flags: Draft['flags'] = {};
  if (category === 'dishonesty') {
    const end = disclosurePeriodEnd(
      decidedOn,
      listType as Exclude<DishonestyListType, 'administrative-penalty'>,
    );
    // Periods that ended before the demo's "today" were archived; those ending later are left for the
    // expiry workflow to archive when it runs.
    if (end < DEMO_AS_OF) flags.archived = true;
    else if (decidedOn >= '2026-11-01' && random() < 0.2) flags.pendingNotice = true;
    else if (minimumDisclosureEnd(decidedOn) < DEMO_AS_OF && random() < 0.05) flags.repaired = true;
  }
  if (category === 'positive' && random() < 0.08) flags.nonDisclosed = true;
  return {
    unit: random() < 0.5 ? 'unit-a' : 'unit-b',
    subject: pick(random, subjects),
    category,
    listType,
    decidedOn,
    disclosure,
    flags,
  };
}

function toDemoRecord(draft: Draft, n: number): DemoRecord {
  const template = TEMPLATES[draft.unit][draft.listType][n % TEMPLATES[draft.unit][draft.listType].length];
  const year = draft.decidedOn.slice(0, 4);
  return {
    id: recordId(n),
    subjectId: draft.subject.id,
    subjectName: draft.subject.name,
    subjectKind: draft.subject.kind,
    providerUnitId: draft.unit,
    category: draft.category,
    listType: draft.listType,
    content: {
      title: template.title,
      decisionNumber: `${DECISION_PREFIX[draft.unit]}〔${year}〕${n}号`,
      basis: template.basis,
      summary: `${draft.subject.name}：${template.title}（演示数据，非真实信息）`,
    },
    decidedOn: draft.decidedOn,
    disclosure: draft.disclosure ?? 'public',
    ...draft.flags,
  };
}

/**
 * Inserts the demo records, all or nothing, unless the table already holds records (a real deployment, or
 * an earlier seed): then it does nothing. Returns how many it inserted.
 */
export async function seedDemoRecords(knex: Knex, at: string): Promise<{ inserted: number }> {
  return knex.transaction(async (trx) => {
    const existing = await trx('records').count({ n: '*' }).first();
    if (Number(existing?.n ?? 0) > 0) return { inserted: 0 };
    const units = await trx('units').whereIn('id', ['unit-a', 'unit-b']).pluck('id');
    if (units.length < 2)
      throw new Error('seedDemoRecords needs the demo units unit-a and unit-b (seedDemoUsers)');
    // Their periods end as collected ones do: off rest days, by the calendar seeded before them.
    const calendar = WorkingCalendar.from(await loadCalendarData(trx));
    const isRestDay = (date: string) => !calendar.isWorkingDay(date);
    for (const record of demoRecords()) {
      await createRecord(trx, { ...record, isRestDay, at, actor: { role: 'system', userId: null } });
    }
    return { inserted: DEMO_RECORD_COUNT };
  });
}
