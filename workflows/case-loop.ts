/**
 * The one durable loop every case type runs (DESIGN.md, Data flow). The rules live in a pure machine
 * (domain/cases/*); this loop feeds it actions and deadlines — timers for the escalation ladder,
 * calendar recompute, pauses — and runs the effects it asks for through idempotent activities.
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
import type { CaseActivities } from '../activities/types';
import { RECORD_UNAVAILABLE } from '../activities/types';
import { WorkingCalendar } from '../domain/calendar';
import { nextRung, overdueNoLonger, restartLadder, type Rung } from '../domain/cases/escalation';
import type { CaseCore, CaseInput, CaseMachine } from '../domain/cases/machine';
import type { CaseView } from '../domain/cases/view';
import { openStageOf, stageDeadline, stampFinalDeadlines, withOpenStage } from '../domain/cases/stages';
import {
  SYSTEM,
  type ActionRequest,
  type Effect,
  type NotificationRecipient,
  type Stage,
} from '../domain/cases/types';
import { policyFor } from '../domain/policy';
import { TEMPLATES } from '../domain/cases/templates';
import {
  CASE_OPENING_FAILURE,
  REFUSAL_FAILURE,
  caseAction,
  caseOpened,
  caseState,
  calendarChanged,
} from './messages';

// Projections and record flags must eventually land: retry until they do.
const store = proxyActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});
// An annotation refused because another case holds the record is final, not transient.
const records = proxyActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '5 minutes',
    nonRetryableErrorTypes: [RECORD_UNAVAILABLE],
  },
});
// Notifications only write an outbox row; a bounded retry keeps a broken template from blocking the case.
const notifier = proxyActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumAttempts: 10 },
});

const nowIso = () => new Date(Date.now()).toISOString();

/** A new Effect variant the loop does not run is a compile error here, not an effect silently skipped. */
function unknownEffect(e: never): never {
  throw ApplicationFailure.nonRetryable(`unknown effect ${JSON.stringify(e)}`, 'UnknownEffect');
}

/**
 * A case whose step is never done keeps reminding every working day; its history grows without end.
 * Past this many events (or when the server suggests it) it continues as a new run with its state.
 */
export const CONTINUE_AS_NEW_AFTER_EVENTS = 2000;

/** What a continued run starts from: the case as it stood, and the counters its idempotency keys use. */
export interface CarryOver<C> {
  case: C;
  effectSeq: number;
  lastDeadlines: [string, string][];
}

export async function runCase<I extends CaseInput, C extends CaseCore, V extends CaseView>(
  machine: CaseMachine<I, C, V>,
  input: I,
  carried?: CarryOver<C>,
): Promise<V> {
  const policy = policyFor(input.profile);
  // A continued run resumes the case as it stood; a new one accepts it (受理).
  const opening = carried ? { next: carried.case, effects: [] } : machine.open(input, policy);
  let c: C = opening.next;
  // Loaded by the first activity; every handler below is registered before that await, as a server may
  // deliver a query or an update with the very first workflow task.
  let calendar: WorkingCalendar | undefined;
  let effectSeq = carried?.effectSeq ?? 0;
  let calendarDirty = false;
  let openedView: V | undefined = undefined;
  const queue: { id: string; req: ActionRequest }[] = [];
  const answered = new Map<string, V | ApplicationFailure>();
  const lastDeadlines = new Map<string, string>(carried?.lastDeadlines);

  const loadedCalendar = (): WorkingCalendar => {
    if (calendar) return calendar;
    throw ApplicationFailure.create({
      type: CASE_OPENING_FAILURE,
      message: `case ${input.caseId} is being opened; its state is readable once it has been accepted`,
      nonRetryable: true,
    });
  };
  const view = () => machine.view(c, loadedCalendar(), policy, nowIso());
  const log = machine.log;
  const refusalOf = (req: ActionRequest) => {
    const r = machine.refusal(c, req, policy);
    return r
      ? ApplicationFailure.create({
          type: REFUSAL_FAILURE,
          message: r.message,
          details: [r],
          nonRetryable: true,
        })
      : null;
  };

  setHandler(caseState as QueryDefinition<V>, view);
  setHandler(calendarChanged, () => void (calendarDirty = true));
  // Update-with-start's answer: the case as accepted and projected, so the caller's next read finds it.
  setHandler(caseOpened as UpdateDefinition<V, []>, async () => {
    await condition(() => openedView !== undefined);
    return openedView!;
  });
  // Actions are handed to the main loop so they never interleave with deadline handling.
  setHandler(
    caseAction as UpdateDefinition<V, [ActionRequest]>,
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
        const failure = refusalOf(req);
        if (failure) throw failure;
      },
    },
  );

  calendar = WorkingCalendar.from(await store.loadCalendar());

  async function run(effects: Effect[]): Promise<void> {
    for (const effect of effects) await runEffect(effect, `${input.caseId}:e${++effectSeq}`);
  }

  async function runEffect(e: Effect, key: string): Promise<void> {
    const step = { caseId: input.caseId, recordId: input.recordId, at: nowIso() };
    switch (e.type) {
      case 'annotateRecord':
        return records.annotateRecord(step);
      case 'clearAnnotation':
        return store.clearAnnotation(step);
      case 'suspendRecord':
        return store.suspendRecord(step);
      case 'unsuspendRecord':
        return store.unsuspendRecord(step);
      case 'writeRecordVersion':
        return store.writeRecordVersion({
          ...step,
          content: e.content,
          reason: e.reason,
          key,
          merge: e.merge,
        });
      case 'markRecordDeleted':
        return store.markRecordDeleted({ ...step, reason: e.reason });
      case 'openTask': {
        const stage = openStageOf(c.stages)!;
        const dueAt = stageDeadline(stage, loadedCalendar(), policy, step.at).deadline;
        return store.openTask({
          ...step,
          caseType: machine.type,
          stage: e.stage,
          kind: e.kind,
          unitId: e.unitId,
          dueAt,
        });
      }
      case 'closeTask':
        return store.closeTask({ ...step, stage: e.stage, status: e.status });
      case 'recordBreach':
        return store.recordSlaBreach({
          ...step,
          stage: e.stage,
          rung: e.rung,
          deadline: e.deadline,
          unitId: machine.responsibleUnit(c, e.stage),
          level: 1,
        });
      case 'notify':
        return notifyOrAlert(e, key, step.at);
      default:
        return unknownEffect(e);
    }
  }

  /**
   * A notification that exhausts its retries must not fail the case (its record would stay annotated):
   * the timeline says so and an operator is alerted to resend it.
   */
  async function notifyOrAlert(e: Extract<Effect, { type: 'notify' }>, key: string, at: string) {
    const recipientId = machine.recipientId(c, e.recipient);
    try {
      await notifier.notify({
        caseId: input.caseId,
        at,
        key,
        recipient: e.recipient,
        recipientId,
        template: e.template,
        payload: { ...e.payload, caseId: input.caseId, recordId: input.recordId },
      });
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      const detail = { template: e.template, recipient: e.recipient, recipientId, key };
      c = log(c, nowIso(), SYSTEM, 'notification-failed', detail);
      await store.raiseOperatorAlert({
        caseId: input.caseId,
        at,
        key,
        kind: 'notification-failed',
        detail: { ...detail, cause: err.cause?.message ?? err.message },
      });
    }
  }

  /** Writes the case's projection and returns the view it wrote (an action's answer is that same view). */
  async function project(): Promise<V> {
    const at = nowIso();
    for (const s of c.stages) {
      const deadline =
        s.finalDeadline?.deadline ?? stageDeadline(s, loadedCalendar(), policy, s.completedAt ?? at).deadline;
      const before = lastDeadlines.get(s.name);
      if (before && before !== deadline && !s.completedAt) {
        c = log(c, at, SYSTEM, 'deadline-moved', { stage: s.name, from: before, to: deadline });
      }
      lastDeadlines.set(s.name, deadline);
    }
    const projected = view();
    await store.projectCase(projected);
    return projected;
  }

  async function climb(stage: Stage, rung: Rung): Promise<void> {
    const at = nowIso();
    const owner: NotificationRecipient = machine.owner(c, stage.name);
    const deadline = stageDeadline(stage, loadedCalendar(), policy, at).deadline;
    const claim = (s: Stage): Stage => ({
      ...s,
      rungs: [...s.rungs, rung.name],
      breachedAt: rung.kind === 'breach' ? at : s.breachedAt,
    });
    c = { ...c, stages: withOpenStage(c.stages, claim) };
    const detail = { stage: stage.name, deadline };
    const effects: Effect[] = [];
    if (rung.kind === 'due-soon') {
      c = log(c, at, SYSTEM, 'due-soon', detail);
      effects.push({ type: 'notify', recipient: owner, template: TEMPLATES.dueSoon, payload: detail });
    } else if (rung.kind === 'breach') {
      c = log(c, at, SYSTEM, 'breached', detail);
      effects.push(
        { type: 'recordBreach', stage: stage.name, rung: rung.name, deadline },
        { type: 'notify', recipient: 'supervisor', template: TEMPLATES.breached, payload: detail },
        { type: 'notify', recipient: owner, template: TEMPLATES.breached, payload: detail },
      );
      const consequence = machine.breachEffects(c, stage, policy);
      c = consequence.next;
      effects.push(...consequence.effects);
      if (consequence.effects.some((e) => e.type === 'suspendRecord')) {
        c = log(c, at, SYSTEM, 'record-suspended', { stage: stage.name });
      }
    } else {
      const escalate = rung.index === policy.escalation.secondLevelAfterReminders;
      c = log(c, at, SYSTEM, escalate ? 'escalated' : 'reminded', { ...detail, reminder: rung.index });
      effects.push({
        type: 'notify',
        recipient: owner,
        template: TEMPLATES.reminder,
        payload: { ...detail, reminder: rung.index },
      });
      if (escalate) {
        effects.push({
          type: 'notify',
          recipient: 'supervisor',
          template: TEMPLATES.escalated,
          payload: detail,
        });
      }
    }
    await run(effects);
  }

  async function accept(): Promise<V> {
    try {
      await run(opening.effects);
    } catch (err) {
      if (!(err instanceof ActivityFailure && (err.cause as ApplicationFailure)?.type === RECORD_UNAVAILABLE))
        throw err;
      // Another case took the record between the API's check and here: refuse it, as a clerk would.
      const rejected = machine.refuseAtAcceptance(c, 'record unavailable', nowIso(), policy);
      c = rejected.next;
      await run(rejected.effects);
    }
    return project();
  }

  /** After the calendar or the clock's pauses change, a breached stage may be on time again. */
  async function reconsiderBreach(): Promise<void> {
    const stage = openStageOf(c.stages);
    const at = nowIso();
    if (!stage || !overdueNoLonger(stage, loadedCalendar(), policy, at)) return;
    const lifted = machine.breachLifted({ ...c, stages: withOpenStage(c.stages, restartLadder) });
    c = log(lifted.next, at, SYSTEM, 'no-longer-overdue', {
      stage: stage.name,
      deadline: stageDeadline(stage, loadedCalendar(), policy, at).deadline,
      recordUnsuspended: lifted.effects.length > 0,
    });
    await run(lifted.effects);
  }

  const historyTooLong = () =>
    workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > CONTINUE_AS_NEW_AFTER_EVENTS;

  openedView = carried ? view() : await accept();

  while (c.state !== 'closed') {
    if (queue.length === 0 && !calendarDirty && historyTooLong()) {
      await condition(allHandlersFinished);
      await continueAsNew<(input: I, carried: CarryOver<C>) => Promise<V>>(input, {
        case: c,
        effectSeq,
        lastDeadlines: [...lastDeadlines],
      });
    }
    const stage = openStageOf(c.stages);
    const rung = stage ? nextRung(stage, loadedCalendar(), policy, nowIso()) : null;
    const wait = rung ? Date.parse(rung.at) - Date.now() : undefined;
    const ready = () => queue.length > 0 || calendarDirty;
    if (wait === undefined) await condition(ready);
    else if (wait > 0) await condition(ready, wait);

    if (calendarDirty) {
      calendarDirty = false;
      calendar = WorkingCalendar.from(await store.loadCalendar());
      await reconsiderBreach();
    } else if (queue.length > 0) {
      const { id, req } = queue.shift()!;
      // Re-checked: an action queued behind another may no longer fit the case.
      const failure = refusalOf(req);
      if (failure) {
        answered.set(id, failure);
        continue;
      }
      const t = machine.apply(c, req, nowIso(), policy);
      c = { ...t.next, stages: stampFinalDeadlines(t.next.stages, loadedCalendar(), policy) };
      await run(t.effects);
      await reconsiderBreach();
      answered.set(id, await project());
      continue;
    } else if (stage && rung) {
      await climb(stage, rung);
    }
    await project();
  }
  // Actions still queued behind the one that closed the case are answered, not left waiting.
  for (const { id, req } of queue.splice(0)) answered.set(id, refusalOf(req) ?? view());
  await condition(allHandlersFinished);
  return view();
}
