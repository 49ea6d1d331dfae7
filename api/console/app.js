// 信用案件管理控制台 — the web console. Vanilla ES2020 module, no dependencies, no build step.
// Every request goes to this same origin (/api/…); nothing is loaded from anywhere else.

const TOKEN_KEY = 'credit-console.token';

const ROLE = { clerk: '受理员', provider: '信息提供单位', supervisor: '主管部门', admin: '管理员' };
/**
 * Names of case types, states, stages, outcomes and actions, and the periods the running profile gives
 * each stage: from GET /api/case-types, so the console keeps no copy of the rules.
 */
let caseTypes = { items: [] };
async function loadCaseTypes() {
  caseTypes = await api('/api/case-types');
}
const named = (pick, key) => {
  for (const t of caseTypes.items) if (pick(t)[key]) return pick(t)[key];
  return null;
};
const labelled = (label, key) => (label ? bi(label.zh, label.en) : key);
const stateLabel = (state) => named((t) => t.states, state);
const outcomeLabel = (outcome) => named((t) => t.outcomes, outcome);
const stageLabel = (stage) => {
  const s = named((t) => t.stages, stage);
  return s ? `${s.label.zh}${s.periodText ? ` (${s.periodText.zh})` : ''}` : stage;
};
const typeLabel = (type) => {
  const t = caseTypes.items.find((x) => x.type === type);
  return t ? t.label : { zh: type, en: type };
};
const actionLabel = (type, action) => {
  const t = caseTypes.items.find((x) => x.type === type);
  return (t && t.actions[action] && t.actions[action].label) || { zh: action, en: action };
};
const allStates = () => {
  const seen = new Map();
  for (const t of caseTypes.items) for (const [k, v] of Object.entries(t.states)) seen.set(k, v.zh);
  return [...seen.entries()];
};
const EVENT = {
  accepted: '受理',
  forwarded: '转交核查',
  corrected: '比对更正',
  rejected: '不予受理',
  upheld: '核查属实',
  dismissed: '核查不属实',
  processed: '处理完毕',
  withdrawn: '撤回',
  paused: '中止计时',
  resumed: '恢复计时',
  'due-soon': '即将到期',
  breached: '逾期',
  reminded: '催办',
  escalated: '升级督办',
  'record-suspended': '中止提供查询',
  'deadline-moved': '期限变更',
  'no-longer-overdue': '不再逾期',
};
const FIELD = {
  recordId: '信用信息编号',
  applicant: '申请人',
  name: '姓名或名称',
  idNumber: '身份证号或统一社会信用代码',
  phone: '联系电话',
  kind: '异议类型',
  reason: '理由',
  evidence: '证明材料（每行一项）',
  unitId: '核查单位编号（默认：提供单位）',
  note: '备注',
  content: '信息内容（JSON 对象，已填入当前内容）',
  removeFields: '删除字段（每行一项）',
  merge: '保留未填写的字段',
  correction: '处理方式',
  subjectId: '信用主体代码（统一社会信用代码或身份证号）',
  recordIds: '信用信息编号（每行一项）',
  basis: '修复依据',
  commitment: '信用承诺',
};
const ENUM = {
  wrong: '信息错误',
  incomplete: '信息遗漏',
  infringement: '侵犯合法权益',
  correct: '更正',
  delete: '删除',
  supplement: '补充',
  commitment: '作出信用承诺',
  corrected: '已纠正失信行为',
};

let token = sessionStorage.getItem(TOKEN_KEY);
let me = null;
let renderSeq = 0;

const $ = (sel) => document.querySelector(sel);

/** Children as nodes: text stays text (data from the API is never parsed as HTML); null/false are skipped. */
const nodes = (kids) =>
  kids
    .flat(Infinity)
    .filter((k) => k !== null && k !== undefined && k !== false)
    .map((k) => (k instanceof Node ? k : document.createTextNode(String(k))));
const fill = (el, ...kids) => el.replaceChildren(...nodes(kids));

function h(tag, attrs, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  el.append(...nodes(kids));
  return el;
}
const bi = (zh, en) => [zh, ' ', h('small', null, en)];
const heading = (zh, en) => h('h2', { tabindex: -1 }, bi(zh, en));
const caseLink = (id) => h('a', { href: `#/cases/${encodeURIComponent(id)}` }, id);

// ---- API ------------------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, problem) {
    super(problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

async function api(path, { method = 'GET', body } = {}) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = { title: text.slice(0, 200) };
  }
  if (!res.ok) throw new ApiError(res.status, data || { title: `HTTP ${res.status}` });
  return data;
}

let openApi = null;
const schemaOf = async (path, method) => {
  openApi = openApi || api('/api/openapi.json');
  return (await openApi).paths[path][method].requestBody.content['application/json'].schema;
};

// ---- Time: Asia/Shanghai is +08:00 all year ------------------------------------------------------

const shanghai = (iso) => new Date(Date.parse(iso) + 8 * 3600e3).toISOString();
const addDays = (date, n) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 864e5).toISOString().slice(0, 10);
const fmtInstant = (iso) => (iso ? shanghai(iso).slice(0, 16).replace('T', ' ') : '—');
/** A deadline at 00:00 is the end of the day before: "2026-10-14 24:00". */
function fmtDeadline(iso) {
  if (!iso) return '—';
  const s = shanghai(iso);
  return s.slice(11, 16) === '00:00' ? `${addDays(s.slice(0, 10), -1)} 24:00` : fmtInstant(iso);
}

/** How a deadline stands now, as the API counted it in working days (`due`: status and workingDays). */
function dueText(d) {
  if (!d) return null;
  const n = d.workingDays;
  if (d.status === 'overdue')
    return { cls: 'overdue', text: n ? `已逾期 ${n} 个工作日` : '已逾期', en: 'overdue' };
  if (d.status === 'due-today') return { cls: 'due-soon', text: '今日到期', en: 'due today' };
  const en = `${n} working day${n > 1 ? 's' : ''} left`;
  return { cls: d.status === 'due-soon' ? 'due-soon' : 'ok', text: `还剩 ${n} 个工作日`, en };
}
const dueBadge = (dueNow) => {
  const d = dueText(dueNow);
  return d && h('span', { class: `badge ${d.cls}` }, bi(d.text, d.en));
};
const deadlineCell = (deadline, dueNow) => [fmtDeadline(deadline), ' ', dueBadge(dueNow)];

// ---- Problems -------------------------------------------------------------------------------------

function showProblem(err) {
  const p = err.problem || { title: '请求失败 / Request failed', detail: String(err.message || err) };
  const box = $('#problem');
  fill(
    box,
    h('strong', null, p.title || `HTTP ${err.status}`),
    p.detail && h('p', null, p.detail),
    p.errors &&
      h(
        'ul',
        null,
        p.errors.map((e) => h('li', null, h('code', null, e.field), ' ', e.message)),
      ),
    p.caseId && h('p', null, '相关案件 Case: ', caseLink(p.caseId)),
    p.state &&
      h(
        'p',
        null,
        `当前状态 state: ${p.state}；可执行 allowed: ${(p.allowedActions || []).join(', ') || '—'}`,
      ),
  );
  box.hidden = false;
  for (const e of p.errors || []) {
    const input = document.getElementsByName(e.field.replace(/^body\./, ''))[0];
    if (input) input.setAttribute('aria-invalid', 'true');
  }
  if (err.status === 401 && token) signOut('令牌无效或已停用 / Unknown or disabled token');
}
function clearProblem() {
  $('#problem').hidden = true;
  for (const el of document.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
}

// ---- Forms from the OpenAPI document's request schemas --------------------------------------------

/**
 * A form for a JSON Schema object: one control per property, nested objects as fieldsets. `initial`
 * pre-fills controls by dotted name (e.g. a correction starts from the record's current content).
 */
function schemaForm(schema, submitText, onSubmit, initial = {}) {
  const readers = [];
  const button = h('button', { type: 'submit' }, submitText);
  const form = h(
    'form',
    { class: 'form' },
    schema.description && h('p', { class: 'hint' }, schema.description),
    fieldsFor(schema, [], readers, initial),
    button,
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearProblem();
    button.disabled = true;
    try {
      const value = {};
      for (const [path, read] of readers) {
        const v = read();
        if (v === undefined) continue;
        let o = value;
        for (const k of path.slice(0, -1)) o = o[k] = o[k] || {};
        o[path[path.length - 1]] = v;
      }
      await onSubmit(value);
    } catch (err) {
      showProblem(err);
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

function fieldsFor(schema, path, readers, initial) {
  const required = new Set(schema.required || []);
  return Object.entries(schema.properties || {}).map(([name, s]) => {
    const p = [...path, name];
    const req = required.has(name);
    const label = [FIELD[name] || name, ' ', h('small', null, name), req && h('b', { class: 'req' }, ' *')];
    if (s.type === 'object' && s.properties && Object.keys(s.properties).length) {
      return h('fieldset', null, h('legend', null, label), fieldsFor(s, p, readers, initial));
    }
    let input;
    let read;
    if (s.enum) {
      input = h('select', { required: req }, !req && h('option', { value: '' }, '—'));
      for (const v of s.enum) input.append(h('option', { value: v }, ENUM[v] ? `${ENUM[v]} ${v}` : v));
      read = () => input.value || undefined;
    } else if (s.type === 'array') {
      input = h('textarea', { rows: 3 });
      read = () => {
        const items = input.value.split('\n').map((x) => x.trim());
        return items.some(Boolean) ? items.filter(Boolean) : undefined;
      };
    } else if (s.type === 'boolean') {
      input = h('input', { type: 'checkbox' });
      read = () => input.checked || undefined;
    } else if (s.type === 'object') {
      const start = initial[p.join('.')];
      input = h('textarea', { rows: start ? 8 : 4, class: 'mono', placeholder: '{"字段": "值"}' });
      if (start) input.value = JSON.stringify(start, null, 2);
      read = () => {
        const text = input.value.trim();
        if (!text) return undefined;
        try {
          return JSON.parse(text);
        } catch {
          const field = ['body', ...p].join('.');
          throw new ApiError(0, {
            title: '输入不符合要求 / Invalid input',
            errors: [{ field, message: '不是有效的 JSON' }],
          });
        }
      };
    } else {
      const long = (s.maxLength || 0) > 200;
      input = h(long ? 'textarea' : 'input', {
        rows: long ? 3 : null,
        maxlength: s.maxLength,
        required: req,
      });
      read = () => input.value.trim() || undefined;
    }
    input.name = p.join('.');
    readers.push([p, read]);
    return h('label', null, label, s.description && h('small', { class: 'hint' }, s.description), input);
  });
}

// ---- Views ----------------------------------------------------------------------------------------

const table = (heads, rows) =>
  h(
    'table',
    null,
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        heads.map((t) => h('th', { scope: 'col' }, t)),
      ),
    ),
    h(
      'tbody',
      null,
      rows.map(([cls, ...cells]) =>
        h(
          'tr',
          { class: cls },
          cells.map((c) => h('td', null, c)),
        ),
      ),
    ),
  );
const badge = (cls, zh, en, title) => h('span', { class: `badge ${cls}`, title }, bi(zh, en));
const linkButton = (text, onclick) => h('button', { type: 'button', class: 'link', onclick }, text);
const stateText = (c) => [
  (stateLabel(c.state) || { zh: c.state }).zh,
  c.outcome && ` · ${(outcomeLabel(c.outcome) || { zh: c.outcome }).zh}`,
];
const nextDeadline = (c) => (c.paused ? bi('已中止计时', 'paused') : deadlineCell(c.nextDeadline, c.nextDue));

async function casesView(params) {
  const q = new URLSearchParams();
  for (const k of ['state', 'breached', 'page']) if (params.get(k)) q.set(k, params.get(k));
  const list = await api(`/api/cases?${q}`);
  const go = (changes) => {
    const next = new URLSearchParams(q);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    location.hash = `#/cases?${next}`;
  };
  const filter = (name, zh, options) =>
    h(
      'label',
      null,
      bi(zh, name),
      ' ',
      h(
        'select',
        { name, onchange: (ev) => go({ [name]: ev.target.value, page: '' }) },
        [['', '全部 all'], ...options].map(([v, t]) =>
          h('option', { value: v, selected: (q.get(name) || '') === v }, t),
        ),
      ),
    );
  const { page, total } = list;
  const pages = Math.max(1, Math.ceil(total / list.pageSize));
  const rows = list.items.map((c) => [
    c.breached ? 'breached' : (dueText(c.nextDue) || {}).cls,
    caseLink(c.id),
    stateText(c),
    (c.recordIds || []).join(', '),
    c.applicant ? c.applicant.name : '—',
    nextDeadline(c),
    c.breached && badge('overdue', '超期', 'breached'),
  ]);
  return h(
    'section',
    null,
    heading('案件', 'Cases'),
    h(
      'div',
      { class: 'filters' },
      filter('state', '状态', allStates()),
      filter('breached', '超期', [
        ['true', '已超期 breached'],
        ['false', '未超期 not breached'],
      ]),
    ),
    h('p', { class: 'hint' }, `共 ${total} 件，按下一期限排序 · ${total} cases by next deadline`),
    rows.length > 0 &&
      table(
        ['案件 Case', '状态 State', '信用信息 Record', '申请人 Applicant', '下一期限 Next deadline', ''],
        rows,
      ),
    h(
      'nav',
      { class: 'pager', 'aria-label': '分页 Pages' },
      page > 1 && linkButton('← 上一页', () => go({ page: String(page - 1) })),
      ` 第 ${page} / ${pages} 页 `,
      page < pages && linkButton('下一页 →', () => go({ page: String(page + 1) })),
    ),
  );
}

/** The supervisor's dashboard: how deadlines stand now, who was late, the latest breaches. */
async function dashboardView() {
  const [s, latest] = await Promise.all([api('/api/sla/summary'), api('/api/sla/breaches?pageSize=20')]);
  const tile = (n, zh, en, { href, alert, note } = {}) =>
    h(
      href ? 'a' : 'div',
      { class: `tile${n > 0 && alert ? ` ${alert}` : ''}`, href },
      h('strong', null, String(n)),
      h('span', null, bi(zh, en)),
      note && h('small', { class: 'hint' }, note),
    );
  const byStage = Object.entries(s.breachesByStage).map(([stage, n]) => ['', stageLabel(stage), String(n)]);
  const byUnit = s.breachesByUnit.map((u) => [
    '',
    [u.unitName, u.unitId && [' ', h('small', null, u.unitId)]],
    String(u.count),
  ]);
  const breaches = latest.items.map((b) => [
    b.caseOpen ? 'breached' : '',
    fmtDeadline(b.breachedAt), // at a deadline: "24:00", as the deadline is shown
    caseLink(b.caseId),
    stageLabel(b.stage),
    [b.responsible.unitName, b.responsible.unitId && [' ', h('small', null, b.responsible.unitId)]],
    fmtDeadline(b.deadline),
    [
      (stateLabel(b.caseState) || { zh: b.caseState }).zh,
      !b.caseOpen && ' ',
      !b.caseOpen && h('small', null, 'closed'),
    ],
  ]);
  return h(
    'section',
    null,
    heading('SLA 看板', 'Dashboard'),
    h('p', { class: 'hint' }, `截至 ${fmtInstant(s.asOf)} · as of now (Asia/Shanghai)`),
    h(
      'div',
      { class: 'tiles' },
      tile(s.openCases, '在办案件', 'open cases', { href: '#/cases' }),
      tile(s.dueToday, '今日到期', 'due today', { alert: 'due-soon' }),
      tile(s.dueSoon, '即将到期', 'due soon', {
        alert: 'due-soon',
        note: `下一工作日结束前 · by ${fmtDeadline(s.dueSoonUntil)}`,
      }),
      tile(s.overdue, '已逾期', 'overdue', { alert: 'overdue' }),
      tile(s.breachedOpen, '超期在办', 'breached, open', { href: '#/cases?breached=true', alert: 'overdue' }),
      tile(s.escalations, '升级督办', 'escalations', { alert: 'overdue' }),
    ),
    h(
      'div',
      { class: 'columns' },
      h(
        'div',
        null,
        h('h3', null, bi('各阶段超期', 'Breaches by stage')),
        table(['阶段 Stage', '超期 Breaches'], byStage),
      ),
      h(
        'div',
        null,
        h('h3', null, bi('各单位超期', 'Breaches by responsible unit')),
        byUnit.length
          ? table(['责任单位 Unit', '超期 Breaches'], byUnit)
          : h('p', null, bi('没有超期记录。', 'No breaches.')),
      ),
    ),
    h('h3', null, bi('最近超期', 'Latest breaches')),
    breaches.length
      ? [
          table(
            [
              '超期时间 Breached',
              '案件 Case',
              '阶段 Stage',
              '责任方 Responsible',
              '期限 Deadline',
              '案件状态 Case state',
            ],
            breaches,
          ),
          latest.total > latest.items.length &&
            h('p', { class: 'hint' }, `共 ${latest.total} 条，显示最近 ${latest.items.length} 条`),
        ]
      : h('p', null, bi('没有超期记录。', 'No breaches.')),
  );
}

async function caseView(id, c) {
  c = c || (await api(`/api/cases/${encodeURIComponent(id)}`));
  const panel = h('div', { class: 'action-panel' });
  const openAction = async (action) => {
    clearProblem();
    const schema = await schemaOf(`/api/cases/{id}/actions/${action}`, 'post');
    // A correction starts from the record's current content, so leaving a field alone keeps it.
    const record =
      schema.properties && schema.properties.content
        ? await api(`/api/records/${encodeURIComponent(c.recordId)}`).catch(() => null)
        : null;
    const form = schemaForm(
      schema,
      bi(`确认${actionLabel(c.type, action).zh}`, action),
      async (body) => {
        const url = `/api/cases/${encodeURIComponent(c.id)}/actions/${action}`;
        fill($('#view'), await caseView(c.id, await api(url, { method: 'POST', body })));
        $('#view h2').focus();
      },
      record ? { content: record.content } : {},
    );
    form.addEventListener('keydown', (ev) => ev.key === 'Escape' && fill(panel));
    const label = actionLabel(c.type, action);
    fill(panel, h('h3', null, bi(label.zh, label.en), h('small', null, ' Esc 关闭')), form);
    form.querySelector('input, select, textarea, button').focus();
  };
  const row = (k, v) => [h('dt', null, k), h('dd', null, v)];
  const a = c.applicant;
  const stages = c.stages.map((s) => [
    s.breachedAt ? 'breached' : '',
    labelled(named((t) => t.stages, s.name)?.label, s.name),
    fmtInstant(s.startedAt),
    bi(s.periodText.zh, s.periodText.en),
    [fmtDeadline(s.deadline), ' ', !s.completedAt && dueBadge(s.due)],
    fmtInstant(s.completedAt),
    [
      s.provisional && badge('provisional', '暂定', 'provisional', '所涉年度调休安排尚未发布，期限可能变动'),
      s.breachedAt && badge('overdue', `超期 ${fmtInstant(s.breachedAt)}`, 'breached'),
      s.paused.map((p) =>
        h('div', null, `中止 ${fmtInstant(p.from)} – ${p.to ? fmtInstant(p.to) : '至今'}：${p.reason}`),
      ),
    ],
  ]);
  return h(
    'section',
    null,
    heading(`${typeLabel(c.type).zh} ${c.id}`, typeLabel(c.type).en),
    h(
      'dl',
      { class: 'facts' },
      row('状态 State', stateText(c)),
      row('下一期限 Next deadline', nextDeadline(c)),
      c.breached && row('超期 Breached', badge('overdue', '是', 'yes')),
      c.suspended && row('中止提供查询', bi('是', 'record withheld from queries')),
      row('信用信息 Record', (c.recordIds || []).join(', ')),
      a && row('申请人 Applicant', [a.name, ' · ', a.idNumber, a.phone && ` · ${a.phone}`]),
      c.kind && row('异议类型 Kind', `${ENUM[c.kind] || ''} ${c.kind}`),
      c.reason && row('理由 Reason', c.reason),
      c.evidence &&
        c.evidence.length > 0 &&
        row(
          '证明材料 Evidence',
          h(
            'ul',
            null,
            c.evidence.map((e) => h('li', null, e)),
          ),
        ),
      row('受理 Opened', fmtInstant(c.openedAt)),
      c.closedAt && row('办结 Closed', fmtInstant(c.closedAt)),
    ),
    h(
      'div',
      { class: 'actions', role: 'group', 'aria-label': '可执行操作 Actions' },
      c.allowedActions.map((x) =>
        h(
          'button',
          { type: 'button', onclick: () => openAction(x).catch(showProblem) },
          labelled(actionLabel(c.type, x), x),
        ),
      ),
      c.allowedActions.length === 0 &&
        h('p', { class: 'hint' }, bi('您当前无可执行的操作。', 'No actions for you now.')),
    ),
    panel,
    h('h3', null, bi('阶段与期限', 'Stages and deadlines')),
    table(
      ['阶段 Stage', '开始 Started', '时限 Budget', '截止 Deadline', '完成 Completed', '备注 Notes'],
      stages,
    ),
    c.tasks.length > 0 && [
      h('h3', null, bi('核查任务', 'Tasks')),
      table(
        ['任务 Task', '单位 Unit', '状态 Status', '截止 Due'],
        c.tasks.map((t) => ['', t.kind, t.unitId, t.status, fmtDeadline(t.dueAt)]),
      ),
    ],
    h('h3', null, bi('办理记录', 'Timeline')),
    h(
      'ol',
      { class: 'timeline' },
      c.timeline.map((e) =>
        h(
          'li',
          null,
          h('time', { datetime: e.at }, fmtInstant(e.at)),
          ' ',
          h('strong', null, EVENT[e.event] || e.event),
          ` · ${ROLE[e.actor.role] || e.actor.role}${e.actor.unitId ? ` ${e.actor.unitId}` : ''}`,
          Object.keys(e.detail || {}).length > 0 && h('code', { class: 'detail' }, JSON.stringify(e.detail)),
        ),
      ),
    ),
  );
}

async function inboxView() {
  const list = await api('/api/tasks?status=open&pageSize=200');
  const rows = list.items.map((t) => [
    (dueText(t.due) || {}).cls,
    caseLink(t.caseId),
    t.kind,
    t.recordId,
    t.unitId,
    deadlineCell(t.dueAt, t.due),
  ]);
  return h(
    'section',
    null,
    heading('待办核查', 'Open tasks'),
    rows.length
      ? table(['案件 Case', '任务 Task', '信用信息 Record', '单位 Unit', '截止 Due'], rows)
      : h('p', null, bi('没有待办任务。', 'Nothing open.')),
  );
}

/** Filing a case of any type that has a filing route, from that route's own schema. */
async function newCaseView(type) {
  const fileable = caseTypes.items.filter((t) => t.filingPath);
  const chosen = fileable.find((t) => t.type === type) || fileable[0];
  const schema = await schemaOf(chosen.filingPath, 'post');
  const tabs = h(
    'nav',
    { class: 'tabs', 'aria-label': '案件类型 Case type' },
    fileable.map((t) =>
      h(
        'a',
        { href: `#/new/${t.type}`, 'aria-current': t === chosen ? 'page' : undefined },
        bi(t.label.zh, t.label.en),
      ),
    ),
  );
  return h(
    'section',
    null,
    heading(`受理${chosen.label.zh}申请`, `New ${chosen.label.en.toLowerCase()}`),
    tabs,
    schemaForm(schema, bi('受理', 'Accept'), async (body) => {
      const c = await api(chosen.filingPath, { method: 'POST', body });
      location.hash = `#/cases/${encodeURIComponent(c.id)}`;
    }),
  );
}

function deadlineView() {
  const result = h('output', { class: 'result', 'aria-live': 'polite' });
  const from = h('input', {
    type: 'datetime-local',
    required: true,
    value: shanghai(new Date().toISOString()).slice(0, 16),
  });
  const days = h('input', { type: 'number', min: 1, max: 365, value: 6, required: true });
  const form = h(
    'form',
    { class: 'form' },
    h('label', null, bi('起算时间（北京时间）', 'from, Asia/Shanghai'), from),
    h('label', null, bi('工作日数', 'working days'), days),
    h('button', { type: 'submit' }, bi('计算', 'Compute')),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearProblem();
    try {
      const instant = `${from.value.length === 16 ? `${from.value}:00` : from.value}+08:00`;
      const r = await api(
        `/api/calendar/deadline?from=${encodeURIComponent(instant)}&days=${encodeURIComponent(days.value)}`,
      );
      fill(
        result,
        h('strong', null, `截止 ${fmtDeadline(r.deadline)}`),
        ` （${fmtInstant(r.from)} 起第 ${r.days} 个工作日 · the ${r.days}th working day after）`,
        r.provisional &&
          h(
            'p',
            { class: 'badge provisional' },
            bi('暂定：所涉年度调休安排尚未发布', 'provisional: year not yet published'),
          ),
      );
    } catch (err) {
      showProblem(err);
    }
  });
  return h('section', null, heading('工作日期限计算', 'Working-day deadline'), form, result);
}

// ---- Who am I, routing ------------------------------------------------------------------------------

/** Who the token belongs to: { id, name, role, unitId }. */
function identify() {
  return api('/api/me');
}

function signOut(message) {
  token = null;
  me = null;
  sessionStorage.removeItem(TOKEN_KEY);
  location.hash = '';
  render().then(() => message && showProblem({ problem: { title: message } }));
}

const ROUTES = [
  [/^#\/dashboard$/, dashboardView],
  [/^#\/cases\/([^/?]+)$/, (m) => caseView(decodeURIComponent(m[1]))],
  [/^#\/cases(?:\?(.*))?$/, (m) => casesView(new URLSearchParams(m[1] || ''))],
  [/^#\/inbox$/, inboxView],
  [/^#\/new(?:\/([^/?]+))?$/, (m) => newCaseView(m[1] && decodeURIComponent(m[1]))],
  [/^#\/deadline$/, deadlineView],
];

async function render() {
  const seq = ++renderSeq;
  const view = $('#view');
  clearProblem();
  $('#signin').hidden = Boolean(token);
  $('#nav').hidden = !token;
  if (!token) {
    fill($('#who'));
    fill(view);
    return $('#token').focus();
  }
  try {
    if (!me) [me] = await Promise.all([identify(), loadCaseTypes()]);
  } catch (err) {
    return showProblem(err);
  }
  fill(
    $('#who'),
    bi(ROLE[me.role] || me.role, me.role),
    me.name && ` · ${me.name}`,
    me.unitId && ` · ${me.unitId}`,
    ' ',
    h('button', { type: 'button', class: 'link', onclick: () => signOut() }, bi('退出', 'Sign out')),
  );
  const home = { provider: '#/inbox', supervisor: '#/dashboard' };
  const hash = location.hash || home[me.role] || '#/cases';
  for (const a of document.querySelectorAll('#nav a')) {
    a.hidden = !a.dataset.for.split(' ').includes(me.role);
    if (hash.startsWith(a.getAttribute('href'))) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const route = ROUTES.find(([re]) => re.test(hash));
  fill(view, h('p', { class: 'hint' }, '加载中… Loading…'));
  try {
    const el = route
      ? await route[1](hash.match(route[0]))
      : h('p', null, bi('页面不存在。', 'No such page.'));
    if (seq !== renderSeq) return;
    fill(view, el);
    const h2 = view.querySelector('h2');
    if (h2) h2.focus();
  } catch (err) {
    if (seq !== renderSeq) return;
    fill(view);
    showProblem(err);
  }
}

$('#signin-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  token = $('#token').value.trim();
  $('#token').value = '';
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  render();
});
window.addEventListener('hashchange', render);
render();
