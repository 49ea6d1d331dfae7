/**
 * Pre-collection notice 归集前告知 (厦门办法第十三条): before a dishonesty record is collected, its
 * provider unit notifies the subject in writing; when that cannot be delivered, it serves the notice by
 * announcement, complete 30 calendar days after publication (民事诉讼法第九十五条). Until then the record
 * is invisible. notify (provider unit, working days) → announce (30 calendar days, a timer) → closed.
 */
import { z } from 'zod';
import { calendarDays, workingDays } from '../calendar';
import { logged, type CaseCore, type CaseInput, type Transition } from './machine';
import { reasonText, type CaseType } from './registry';
import { completeStage, nextStage, openStage, openStageEndTimer, withOpenStage } from './stages';
import { TEMPLATES } from './templates';
import { SYSTEM, type Actor, type Effect } from './types';

export interface NoticeInput extends CaseInput {
  recordId: string;
  providerUnitId: string;
  subjectId: string;
  openedAt: string;
}

export type NoticeOutcome = 'served' | 'announced' | 'withdrawn';

export interface NoticeCase extends CaseCore {
  input: NoticeInput;
  state: 'notify' | 'announce' | 'closed';
  outcome: NoticeOutcome | null;
  /** Every delivery attempt and the announcement, as the provider reported them. */
  service: Record<string, unknown> | null;
}

const isoDate = z.iso.date({ message: 'must be a date YYYY-MM-DD' });
const method = z.enum(['in-person', 'post', 'electronic']);

export const NOTICE_ACTIONS: CaseType['actions'] = {
  deliver: {
    by: 'unit',
    body: z.object({ method, deliveredOn: isoDate, proof: z.string().trim().min(1).max(500) }),
    label: { zh: '已送达', en: 'Delivered' },
    doc: 'The record’s provider unit, stage notify: the written notice was delivered; the record is collected.',
  },
  undeliverable: {
    by: 'unit',
    body: z.object({
      attempts: z
        .array(z.object({ method, on: isoDate, result: z.string().trim().min(1).max(500) }))
        .min(1)
        .max(20),
      announcedOn: isoDate,
      channel: z.string().trim().min(1).max(200),
    }),
    label: { zh: '无法送达，公告', en: 'Undeliverable: announce' },
    doc: 'The record’s provider unit, stage notify: every attempt failed; the notice is announced.',
  },
  withdraw: {
    by: 'unit',
    body: z.object({ reason: reasonText }),
    label: { zh: '撤回告知', en: 'Withdraw' },
    doc: 'The record’s provider unit, any open stage: the record will never be collected.',
  },
};

function close(
  c: NoticeCase,
  at: string,
  actor: Actor,
  event: string,
  outcome: NoticeOutcome,
  effects: Effect[],
) {
  const next: NoticeCase = {
    ...c,
    state: 'closed',
    outcome,
    closedAt: at,
    stages: withOpenStage(c.stages, completeStage(at)),
  };
  return {
    next: logged(next, at, actor, event, { outcome }),
    effects: [
      ...(c.state === 'notify' ? [{ type: 'closeTask', stage: 'notify', status: 'done' } as const] : []),
      ...effects,
    ],
  };
}

/** The record is collected: visible under its disclosure attribute from now on. */
const collect = (c: NoticeCase): Effect[] => [
  { type: 'collectRecord', recordId: c.input.recordId },
  {
    type: 'notify',
    recipient: 'provider',
    unitId: c.input.providerUnitId,
    template: TEMPLATES.recordCollected,
    payload: {},
  },
];

export const noticeType: CaseType<
  NoticeInput,
  NoticeCase,
  { providerUnitId: string; subjectId: string; service: unknown }
> = {
  type: 'notice',
  workflowType: 'noticeWorkflow',
  label: { zh: '归集前告知', en: 'Pre-collection notice' },
  states: {
    notify: { zh: '告知', en: 'Notify' },
    announce: { zh: '公告', en: 'Announce' },
    closed: { zh: '已办结', en: 'Closed' },
  },
  stages: {
    notify: { zh: '书面告知', en: 'Notify' },
    announce: { zh: '公告送达', en: 'Announce', sla: false },
  },
  outcomes: {
    served: { zh: '已送达', en: 'Served' },
    announced: { zh: '公告送达', en: 'Announced' },
    exempted: { zh: '依法免予告知', en: 'Exempted' },
    withdrawn: { zh: '已撤回', en: 'Withdrawn' },
  },
  actions: NOTICE_ACTIONS,
  machine: {
    open(input, policy) {
      const unitId = input.providerUnitId;
      const c: NoticeCase = {
        input,
        state: 'notify',
        outcome: null,
        openedAt: input.openedAt,
        closedAt: null,
        stages: [openStage('notify', input.openedAt, workingDays(policy.notice.notifyDays), { unitId })],
        service: null,
        timeline: [],
        logged: 0,
      };
      return {
        next: logged(c, input.openedAt, SYSTEM, 'accepted', { recordId: input.recordId }),
        effects: [{ type: 'openTask', kind: 'notice', unitId, stage: 'notify', recordId: input.recordId }],
      };
    },
    refuseAtAcceptance: (c, _reason, at) => close(c, at, SYSTEM, 'refused', 'withdrawn', []),
    allowedActions: (c) =>
      c.state === 'notify'
        ? ['deliver', 'undeliverable', 'withdraw']
        : c.state === 'announce'
          ? ['withdraw']
          : [],
    apply(c, req, at, policy): Transition<NoticeCase> {
      const { body, actor } = req;
      switch (req.action) {
        case 'deliver':
          return close({ ...c, service: { delivered: body } }, at, actor, 'delivered', 'served', collect(c));
        case 'undeliverable': {
          // The announcement runs from its publication day (民法典第二百零一条: that day is not counted).
          const announced = `${body.announcedOn as string}T12:00:00.000+08:00`;
          const next: NoticeCase = {
            ...c,
            state: 'announce',
            service: { attempts: body.attempts, announcedOn: body.announcedOn, channel: body.channel },
            stages: nextStage(
              c.stages,
              at,
              openStage('announce', announced, calendarDays(policy.notice.announceDays), {
                unitId: c.input.providerUnitId,
                sla: false,
              }),
            ),
          };
          return {
            next: logged(next, at, actor, 'announced', { ...next.service }),
            effects: [{ type: 'closeTask', stage: 'notify', status: 'done' }],
          };
        }
        default:
          return close(c, at, actor, 'withdrawn', 'withdrawn', []);
      }
    },
    timers: (c, calendar, policy) =>
      openStageEndTimer(c.stages, 'announce', 'announcement-complete', calendar, policy),
    onTimer: (c, timer) => close(c, timer.at, SYSTEM, 'announcement-complete', 'announced', collect(c)),
    details: (c) => ({
      providerUnitId: c.input.providerUnitId,
      subjectId: c.input.subjectId,
      service: c.service,
    }),
    recordIds: (c) => [c.input.recordId],
    units: (c) => [c.input.providerUnitId],
    applicantId: (c) => c.input.subjectId,
  },
};
