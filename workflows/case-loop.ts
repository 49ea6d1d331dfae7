/**
 * The one durable loop every case type runs (DESIGN.md, Data flow). The rules live in a pure machine
 * and its registry entry (domain/cases/*); this loop feeds it actions, deadlines and timers — the
 * escalation ladder, plain timers, calendar recompute, pauses — and runs the effects it asks for through
 * idempotent activities, each kind with its own retry policy.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { QueryDefinition, UpdateDefinition } from '@temporalio/common';
import {
  RECORD_UNAVAILABLE,
  type AlertActivities,
  type CalendarActivities,
  type InboxActivities,
  type NotificationActivities,
  type ProjectionActivities,
  type RecordActivities,
  type SlaActivities,
} from '../activities/types';
import { WorkingCalendar } from '../domain/calendar';
import { climbRung, nextRung, overdueNoLonger, restartLadder } from '../domain/cases/escalation';
import {
  logged,
  type CaseCore,
  type CaseInput,
  type CaseTimer,
  type Transition,
} from '../domain/cases/machine';
import { checkActionOn } from '../domain/cases/refusal';
import type { CaseType } from '../domain/cases/registry';
import { openStageOf, stageDeadline, stampFinalDeadlines, withOpenStage } from '../domain/cases/stages';
import { caseFacts, summarize, type CaseSummary } from '../domain/cases/summary';
import { SYSTEM, type ActionRequest, type Effect } from '../domain/cases/types';
import { policyFor } from '../domain/policy';
import {
  CASE_OPENING_FAILURE,
  REFUSAL_FAILURE,
  caseAction,
  caseOpened,
  caseState,
  calendarChanged,
} from './messages';

// Calendars, projections, tasks, SLA rows and alerts must eventually land: retry until they do.
const untilDone = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
} as const;
const calendars = proxyActivities<CalendarActivities>(untilDone);
const projection = proxyActivities<ProjectionActivities>(untilDone);
const inbox = proxyActivities<InboxActivities>(untilDone);
const sla = proxyActivities<SlaActivities>(untilDone);
const alerts = proxyActivities<AlertActivities>(untilDone);
// A record held by another case is a final answer, not a transient fault.
const records = proxyActivities<RecordActivities>({
  ...untilDone,
  retry: { ...untilDone.retry, nonRetryableErrorTypes: [RECORD_UNAVAILABLE] },
});
// Notifications only write an outbox row; a bounded retry keeps a broken template from blocking the case.
const notifier = proxyActivities<NotificationActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumAttempts: 10 },
});

const nowIso = () => new Date(Date.now()).toISOString();

/** A new Effect variant the loop does not run is a compile error here, not an effect silently skipped. */
function assertNever(e: never): never {
  throw ApplicationFailure.nonRetryable(`unknown effect ${JSON.stringify(e)}`, 'UnknownEffect');
}

/**
 * A case whose step is never done keeps reminding every working day; its history grows without end.
 * Past this many events (or when the server suggests it) it continues as a new run with its state.
 */
export const CONTINUE_AS_NEW_AFTER_EVENTS = 2000;

/** What a continued run starts from: the case as it stood (its timeline already projected). */
export interface CarryOver<C> {
  case: C;
  lastDeadlines: [string, string][];
}

export async function runCase<I extends CaseInput, C extends CaseCore, D>(
  type: CaseType<I, C, D>,
  input: I,
  carried?: CarryOver<C>,
): Promise<CaseSummary<D>> {
  const { machine } = type;
  const policy = policyFor(input.profile);
  // A continued run resumes the case as it stood; a new one accepts it (受理).
  const opening = carried ? { next: carried.case, effects: [] } : machine.open(input, policy);
  let c: C = opening.next;
  // Loaded by the first activity; every handler below is registered before that await, as a server may
  // deliver a query or an update with the very first workflow task.
  let calendar: WorkingCalendar | undefined;
  let calendarDirty = false;
  let opened: CaseSummary<D> | undefined = undefined;
  const queue: { id: string; req: ActionRequest }[] = [];
  const answered = new Map<string, CaseSummary<D> | ApplicationFailure>();
  const lastDeadlines = new Map<string, string>(carried?.lastDeadlines);

  const loadedCalendar = (): WorkingCalendar => {
    if (calendar) return calendar;
    throw ApplicationFailure.create({
      type: CASE_OPENING_FAILURE,
      message: `case ${input.caseId} is being opened; its state is readable once it has been accepted`,
      nonRetryable: true,
    });
  };
  const summary = () => summarize(type.type, machine, input, c, loadedCalendar(), policy, nowIso());
  /** The request's refusal, or the request with its body as the action's schema parsed it. */
  const checked = (req: ActionRequest): ApplicationFailure | ActionRequest => {
    const check = checkActionOn(
      type,
      caseFacts(machine, c, policy),
      req,
      (r) => machine.bodyProblem?.(c, r) ?? null,
    );
    if (check.ok) return { ...req, body: check.body };
    return ApplicationFailure.create({
      type: REFUSAL_FAILURE,
      message: check.refusal.message,
      details: [check.refusal],
      nonRetryable: true,
    });
  };

  setHandler(caseState as QueryDefinition<CaseSummary<D>>, summary);
  setHandler(calendarChanged, () => void (calendarDirty = true));
  // Update-with-start's answer: the case as accepted and projected, so the caller's next read finds it.
  setHandler(caseOpened as UpdateDefinition<CaseSummary<D>, []>, async () => {
    await condition(() => opened !== undefined);
    return opened!;
  });
  // Actions are handed to the main loop so they never interleave with deadline handling.
  setHandler(
    caseAction as UpdateDefinition<CaseSummary<D>, [ActionRequest]>,
    async (req) => {
      const id = uuid4();
      queue.push({ id, req });
      await condition(() => answered.has(id));
      const answer = answered.get(id)!;
      if (answer instanceof ApplicationFailure) throw answer;
      return answer;
    },
    {
      validator: (req) => {
        const outcome = checked(req);
        if (outcome instanceof ApplicationFailure) throw outcome;
      },
    },
  );

  calendar = WorkingCalendar.from(await calendars.loadCalendar());

  /**
   * Runs a transition's effects. Each effect's idempotency key says what it is: the case, the cause
   * (opening, the action logged as entry n, a stage's rung, a timer) and its place in the transition.
   */
  async function run(effects: Effect[], cause: string): Promise<void> {
    for (const [i, effect] of effects.entries()) await runEffect(effect, `${input.caseId}:${cause}:${i}`);
  }

  async function runEffect(e: Effect, key: string): Promise<void> {
    const at = nowIso();
    const step = { caseId: input.caseId, at };
    switch (e.type) {
      case 'annotateRecord':
        return records.annotateRecord({ ...step, recordId: e.recordId });
      case 'clearAnnotation':
        return records.clearAnnotation({ ...step, recordId: e.recordId });
      case 'suspendRecord':
        return records.suspendRecord({ ...step, recordId: e.recordId });
      case 'unsuspendRecord':
        return records.unsuspendRecord({ ...step, recordId: e.recordId });
      case 'writeRecordVersion':
        return records.writeRecordVersion({
          ...step,
          recordId: e.recordId,
          content: e.content,
          reason: e.reason,
          key,
          merge: e.merge,
        });
      case 'markRecordDeleted':
        return records.markRecordDeleted({ ...step, recordId: e.recordId, reason: e.reason });
      case 'collectRecord':
        return records.collectRecord({ ...step, recordId: e.recordId });
      case 'markRecordRepaired':
        return records.markRecordRepaired({ ...step, recordId: e.recordId });
      case 'releaseRepairClaim':
        return records.releaseRepairClaim({ ...step, recordId: e.recordId });
      case 'markRecordNonDisclosed':
        return records.markRecordNonDisclosed({ ...step, recordId: e.recordId });
      case 'markRecordArchived':
        return records.markRecordArchived({ ...step, recordId: e.recordId });
      case 'extendDisclosure':
        return records.extendDisclosure({ ...step, recordId: e.recordId });
      case 'openTask': {
        const stage = openStageOf(c.stages)!;
        const dueAt = stageDeadline(stage, loadedCalendar(), policy, at).deadline;
        return inbox.openTask({
          ...step,
          recordId: e.recordId,
          stage: e.stage,
          kind: e.kind,
          unitId: e.unitId,
          caseType: type.type,
          dueAt,
        });
      }
      case 'closeTask':
        return inbox.closeTask({ ...step, stage: e.stage, status: e.status });
      case 'recordBreach':
        return sla.recordSlaBreach({
          ...step,
          stage: e.stage,
          rung: e.rung,
          deadline: e.deadline,
          unitId: e.unitId,
          level: 1,
        });
      case 'notify':
        return notifyOrAlert(e, key, at);
      default:
        return assertNever(e);
    }
  }

  /** Who a notification goes to: the provider unit it names, the applicant, or a role. */
  function recipientOf(e: Extract<Effect, { type: 'notify' }>): string | null {
    if (e.recipient === 'applicant') return machine.applicantId(c);
    return e.recipient === 'provider' ? (e.unitId ?? null) : null;
  }

  /**
   * A notification that exhausts its retries must not fail the case (its record would stay annotated):
   * the timeline says so and an operator is alerted to resend it.
   */
  async function notifyOrAlert(e: Extract<Effect, { type: 'notify' }>, key: string, at: string) {
    const recipientId = recipientOf(e);
    try {
      await notifier.notify({
        caseId: input.caseId,
        at,
        key,
        recipient: e.recipient,
        recipientId,
        template: e.template,
        payload: { ...e.payload, caseId: input.caseId, recordIds: machine.recordIds(c) },
      });
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      const detail = { template: e.template, recipient: e.recipient, recipientId, key };
      c = logged(c, nowIso(), SYSTEM, 'notification-failed', detail);
      await alerts.raiseOperatorAlert({
        caseId: input.caseId,
        at,
        key,
        kind: 'notification-failed',
        detail: { ...detail, cause: err.cause?.message ?? err.message },
      });
    }
  }

  /**
   * Writes what changed to the case's projection — its summary and the timeline entries logged since the
   * last write — and returns the summary it wrote (an action's answer is that same summary).
   */
  async function project(): Promise<CaseSummary<D>> {
    const at = nowIso();
    for (const s of c.stages) {
      const deadline =
        s.finalDeadline?.deadline ?? stageDeadline(s, loadedCalendar(), policy, s.completedAt ?? at).deadline;
      const before = lastDeadlines.get(s.name);
      if (before && before !== deadline && !s.completedAt) {
        c = logged(c, at, SYSTEM, 'deadline-moved', { stage: s.name, from: before, to: deadline });
      }
      lastDeadlines.set(s.name, deadline);
    }
    const projected = summary();
    await projection.projectCase({ summary: projected, events: c.timeline });
    c = { ...c, timeline: [] };
    return projected;
  }

  async function apply(t: Transition<C>, cause: string): Promise<void> {
    c = { ...t.next, stages: stampFinalDeadlines(t.next.stages, loadedCalendar(), policy) };
    await run(t.effects, cause);
  }

  /**
   * 受理: claims on records first (a refusal there refuses the case), then the first projection, then the
   * opening effects that need the case's row (its tasks).
   */
  async function accept(): Promise<CaseSummary<D>> {
    const claims = opening.effects.filter((e) => e.type === 'annotateRecord');
    const afterwards = opening.effects.filter((e) => e.type !== 'annotateRecord');
    try {
      await run(claims, 'open');
    } catch (err) {
      if (!(err instanceof ActivityFailure && (err.cause as ApplicationFailure)?.type === RECORD_UNAVAILABLE))
        throw err;
      // Another case took the record between the API's check and here: refuse it, as a clerk would.
      await apply(machine.refuseAtAcceptance(c, 'record unavailable', nowIso(), policy), 'refused');
      return project();
    }
    const accepted = await project();
    if (afterwards.length === 0) return accepted;
    await run(afterwards, 'opened');
    return project();
  }

  /** After the calendar or the clock's pauses change, a breached stage may be on time again. */
  async function reconsiderBreach(): Promise<void> {
    const stage = openStageOf(c.stages);
    const at = nowIso();
    if (!stage || !overdueNoLonger(stage, loadedCalendar(), policy, at)) return;
    const lifted = machine.breachLifted({ ...c, stages: withOpenStage(c.stages, restartLadder) }, at);
    c = logged(lifted.next, at, SYSTEM, 'no-longer-overdue', {
      stage: stage.name,
      deadline: stageDeadline(stage, loadedCalendar(), policy, at).deadline,
      recordUnsuspended: lifted.effects.length > 0,
    });
    await run(lifted.effects, `lifted-${stage.name}-${stage.ladder ?? 0}`);
  }

  /** The earliest of the open stage's next rung and the machine's timers. */
  function nextWake(): { at: string; rung?: ReturnType<typeof nextRung>; timer?: CaseTimer } | null {
    const stage = openStageOf(c.stages);
    const rung = stage ? nextRung(stage, loadedCalendar(), policy, nowIso()) : null;
    const timers = machine.timers?.(c, loadedCalendar(), policy) ?? [];
    const timer = timers.reduce<CaseTimer | null>((a, t) => (!a || t.at < a.at ? t : a), null);
    if (timer && (!rung || Date.parse(timer.at) < Date.parse(rung.at))) return { at: timer.at, timer };
    return rung ? { at: rung.at, rung } : null;
  }

  const historyTooLong = () =>
    workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > CONTINUE_AS_NEW_AFTER_EVENTS;

  opened = carried ? summary() : await accept();

  while (c.state !== 'closed') {
    if (queue.length === 0 && !calendarDirty && historyTooLong()) {
      await condition(allHandlersFinished);
      await continueAsNew<(input: I, carried: CarryOver<C>) => Promise<CaseSummary<D>>>(input, {
        case: c,
        lastDeadlines: [...lastDeadlines],
      });
    }
    const wake = nextWake();
    const wait = wake ? Date.parse(wake.at) - Date.now() : undefined;
    const ready = () => queue.length > 0 || calendarDirty;
    if (wait === undefined) await condition(ready);
    else if (wait > 0) await condition(ready, wait);

    if (calendarDirty) {
      calendarDirty = false;
      calendar = WorkingCalendar.from(await calendars.loadCalendar());
      await reconsiderBreach();
    } else if (queue.length > 0) {
      const { id, req } = queue.shift()!;
      // Re-checked: an action queued behind another may no longer fit the case.
      const outcome = checked(req);
      if (outcome instanceof ApplicationFailure) {
        answered.set(id, outcome);
        continue;
      }
      await apply(machine.apply(c, outcome, nowIso(), policy), `a${c.logged + 1}`);
      await reconsiderBreach();
      answered.set(id, await project());
      continue;
    } else if (wake?.timer && machine.onTimer) {
      await apply(machine.onTimer(c, wake.timer, policy), `t-${wake.timer.name}`);
    } else if (wake?.rung) {
      const stage = openStageOf(c.stages)!;
      const index = c.stages.length - 1;
      const climbed = climbRung(machine, c, stage, wake.rung, nowIso(), loadedCalendar(), policy);
      await apply(climbed, `s${index}-${stage.name}-${wake.rung.name}`);
    }
    await project();
  }
  // Actions still queued behind the one that closed the case are answered, not left waiting.
  for (const { id, req } of queue.splice(0)) {
    const outcome = checked(req);
    answered.set(id, outcome instanceof ApplicationFailure ? outcome : summary());
  }
  await condition(allHandlersFinished);
  return summary();
}
