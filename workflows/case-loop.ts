/**
 * The one durable loop every case type runs (DESIGN.md, Data flow). The rules live in a pure machine
 * and its registry entry (domain/cases/*); this loop feeds it actions, deadlines and timers — the
 * escalation ladder, plain timers, calendar recompute, pauses — and writes each transition it decides
 * (the effects the machine asks for and the projection after them) in one idempotent step, a local
 * activity, so a transition costs the history one marker, not an activity per effect (issue 9, lean history).
 */
import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { QueryDefinition, UpdateDefinition } from '@temporalio/common';
import {
  RECORD_UNAVAILABLE,
  type CalendarActivities,
  type CaseProjection,
  type StepActivities,
  type StepEffect,
} from '../activities/types';
import { shanghaiDate, WorkingCalendar } from '../domain/calendar';
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
import { stepUntilDone, untilDone } from './activity-options';
import { legacyStep } from './legacy-step';
import {
  CASE_OPENING_FAILURE,
  REFUSAL_FAILURE,
  caseAction,
  caseOpened,
  caseState,
  calendarChanged,
} from './messages';

const calendars = proxyActivities<CalendarActivities>(untilDone);
const steps = proxyActivities<StepActivities>(untilDone);
const localSteps = proxyLocalActivities<StepActivities>(stepUntilDone);

const nowIso = () => new Date(Date.now()).toISOString();

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

  // Runs recorded before transitions were written in one step go on with an activity per effect.
  const stepped = patched('apply-step');
  // The step as a local activity: one marker per transition instead of three activity events and a second
  // workflow task. Runs recorded before 'local-step' scheduled it as an activity and go on doing so.
  const applyStep = patched('local-step') ? localSteps.applyStep : steps.applyStep;
  // From the year before the case opened: a stage dated back by an action (an announcement's day) is
  // still counted on the real calendar.
  const calendarFrom = `${Number(shanghaiDate(c.openedAt).slice(0, 4)) - 1}-01-01`;
  const loadCalendar = async () => WorkingCalendar.from(await calendars.loadCalendar(calendarFrom));
  calendar = await loadCalendar();

  /** What an effect's write needs that only the workflow knows, and its idempotency key. */
  function resolved(e: Effect, key: string, at: string): StepEffect {
    switch (e.type) {
      case 'openTask': {
        const dueAt = stageDeadline(openStageOf(c.stages)!, loadedCalendar(), policy, at).deadline;
        return { ...e, key, caseType: type.type, dueAt };
      }
      case 'notify': {
        const { recipient, template } = e;
        const payload = { ...e.payload, caseId: input.caseId, recordIds: machine.recordIds(c) };
        return { type: 'notify', key, recipient, recipientId: recipientOf(e), template, payload };
      }
      default:
        return { ...e, key };
    }
  }

  /** Who a notification goes to: the provider unit it names, the applicant, or a role. */
  function recipientOf(e: Extract<Effect, { type: 'notify' }>): string | null {
    if (e.recipient === 'applicant') return machine.applicantId(c);
    return e.recipient === 'provider' ? (e.unitId ?? null) : null;
  }

  /** What changed since the last write: the summary as of `at` and the timeline entries logged since. */
  function projection(at: string): CaseProjection {
    for (const s of c.stages) {
      const deadline =
        s.finalDeadline?.deadline ?? stageDeadline(s, loadedCalendar(), policy, s.completedAt ?? at).deadline;
      const before = lastDeadlines.get(s.name);
      if (before && before !== deadline && !s.completedAt) {
        c = logged(c, at, SYSTEM, 'deadline-moved', { stage: s.name, from: before, to: deadline });
      }
      lastDeadlines.set(s.name, deadline);
    }
    return { summary: summary(), events: c.timeline };
  }

  /** The summary this run last wrote to the projection. */
  let lastWritten: string | undefined;

  /**
   * Carries out a transition: its effects, each keyed by what it is — the case, the cause (opening, the
   * action logged as entry n, a stage's rung, a timer) and its place — stamped with the instant it was
   * decided, and the projection after them, in one local activity and one transaction. Returns the summary
   * it wrote (an action's answer is that same summary). Runs from before 'local-step' schedule it as an
   * activity.
   */
  async function commit(parts: { cause: string; effects: Effect[] }[]): Promise<CaseSummary<D>> {
    const at = nowIso();
    const step = { caseId: input.caseId, at };
    const effects = parts.flatMap(({ cause, effects }) =>
      effects.map((e, i) => resolved(e, `${input.caseId}:${cause}:${i}`, at)),
    );
    // A notification that could not be sent must not fail the case (its record would stay annotated):
    // the timeline says so (the step has alerted an operator to resend it).
    const notificationFailed = (key: string) => {
      const e = effects.find((f) => f.key === key);
      if (e?.type !== 'notify') return;
      const { template, recipient, recipientId } = e;
      c = logged(c, at, SYSTEM, 'notification-failed', { template, recipient, recipientId, key });
    };
    if (!stepped) {
      const written = await legacyStep(
        step,
        effects,
        (e) => notificationFailed(e.key),
        () => projection(nowIso()),
      );
      c = { ...c, timeline: [] };
      return written.summary as CaseSummary<D>;
    }
    const written = projection(at);
    // A calendar reload that moved nothing of this case leaves nothing to write.
    const view = JSON.stringify(written.summary);
    if (effects.length === 0 && written.events.length === 0 && view === lastWritten) {
      return written.summary as CaseSummary<D>;
    }
    const { failed } = await applyStep({ ...step, effects, projection: written });
    lastWritten = view;
    c = { ...c, timeline: [] };
    if (failed.length === 0) return written.summary as CaseSummary<D>;
    for (const f of failed) notificationFailed(f.key);
    return commit([]);
  }

  /** Takes on a transition's next state; returns its effects under `cause`. */
  function adopt(t: Transition<C>, cause: string): { cause: string; effects: Effect[] } {
    c = { ...t.next, stages: stampFinalDeadlines(t.next.stages, loadedCalendar(), policy) };
    return { cause, effects: t.effects };
  }

  // An activity's failure comes wrapped in an ActivityFailure; a local activity's is the error itself.
  const recordUnavailable = (err: unknown) => {
    const cause = err instanceof ActivityFailure ? err.cause : err;
    return cause instanceof ApplicationFailure && cause.type === RECORD_UNAVAILABLE;
  };

  /**
   * 受理: the opening effects and the first projection, in one step; a claim on a record lost to another
   * case refuses the case (the step rolled back). Runs recorded before 'apply-step' claimed first and
   * projected before the effects that need the case's row (its tasks).
   */
  async function accept(): Promise<CaseSummary<D>> {
    const claim = (e: Effect) => e.type === 'annotateRecord';
    const first = stepped ? opening.effects : opening.effects.filter(claim);
    const afterwards = stepped ? [] : opening.effects.filter((e) => !claim(e));
    let accepted: CaseSummary<D>;
    try {
      accepted = await commit([{ cause: 'open', effects: first }]);
    } catch (err) {
      if (!recordUnavailable(err)) throw err;
      // Another case took the record between the API's check and here: refuse it, as a clerk would.
      return commit([
        adopt(machine.refuseAtAcceptance(c, 'record unavailable', nowIso(), policy), 'refused'),
      ]);
    }
    if (afterwards.length === 0) return accepted;
    return commit([{ cause: 'opened', effects: afterwards }]);
  }

  /**
   * After the calendar or the clock's pauses change, a breached stage may be on time again: the ladder
   * restarts and the breach's consequences are undone (in the same step as what changed it).
   */
  function liftedBreach(): { cause: string; effects: Effect[] }[] {
    const stage = openStageOf(c.stages);
    const at = nowIso();
    if (!stage || !overdueNoLonger(stage, loadedCalendar(), policy, at)) return [];
    const restarted = { ...c, stages: withOpenStage(c.stages, restartLadder) };
    const lifted = machine.breachLifted?.(restarted, at) ?? { next: restarted, effects: [] };
    c = logged(lifted.next, at, SYSTEM, 'no-longer-overdue', {
      stage: stage.name,
      deadline: stageDeadline(stage, loadedCalendar(), policy, at).deadline,
      recordUnsuspended: lifted.effects.length > 0,
    });
    return [{ cause: `lifted-${stage.name}-${stage.ladder ?? 0}`, effects: lifted.effects }];
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
      calendar = await loadCalendar();
      await commit(liftedBreach());
    } else if (queue.length > 0) {
      const { id, req } = queue.shift()!;
      // Re-checked: an action queued behind another may no longer fit the case.
      const outcome = checked(req);
      if (outcome instanceof ApplicationFailure) {
        answered.set(id, outcome);
        continue;
      }
      const cause = `a${c.logged + 1}`;
      const acted = adopt(machine.apply(c, outcome, nowIso(), policy), cause);
      answered.set(id, await commit([acted, ...liftedBreach()]));
    } else if (wake?.timer && machine.onTimer) {
      await commit([adopt(machine.onTimer(c, wake.timer, policy), `t-${wake.timer.name}`)]);
    } else if (wake?.rung) {
      const stage = openStageOf(c.stages)!;
      const index = c.stages.length - 1;
      const climbed = climbRung(machine, c, stage, wake.rung, nowIso(), loadedCalendar(), policy);
      await commit([adopt(climbed, `s${index}-${stage.name}-${wake.rung.name}`)]);
    } else await commit([]);
  }
  // Actions still queued behind the one that closed the case are answered, not left waiting.
  for (const { id, req } of queue.splice(0)) {
    const outcome = checked(req);
    answered.set(id, outcome instanceof ApplicationFailure ? outcome : summary());
  }
  await condition(allHandlersFinished);
  return summary();
}
