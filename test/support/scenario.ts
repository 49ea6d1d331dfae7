/**
 * Scenario tests in working days: a story told against the in-process engine on a virtual clock.
 *
 *   const s = await scenario({ workflowsPath, activities, calendar });
 *   await s.at('2026-09-30T10:00:00+08:00');
 *   await s.engine.start('objection', 'case-1', [input]);
 *   await s.advanceWorkingDays(2);
 *
 * Generic on purpose: case-specific helpers build on `s.engine`.
 */
import { sameLocalTimeAfterWorkingDays, toShanghaiIso, type WorkingCalendar } from '../../domain/calendar';
import { InProcessEngine, VirtualClock, type InProcessEngineOptions } from '../../engine';

export interface ScenarioOptions extends Omit<InProcessEngineOptions, 'clock'> {
  /** The working-day calendar `advanceWorkingDays` counts with. */
  calendar: WorkingCalendar;
  /** Where the story starts; default 2026-01-01T09:00+08:00. Change it later with `at`. */
  start?: string;
}

export interface Scenario {
  readonly engine: InProcessEngine;
  readonly calendar: WorkingCalendar;
  /** Sets the time: outright before anything waits on a timer, else by advancing to it. */
  at(instant: string): Promise<void>;
  /** Moves forward to `instant`, firing every timer due by then (and settling its work) in order. */
  advanceTo(instant: string): Promise<void>;
  advanceBy(ms: number): Promise<void>;
  /** To the same Shanghai wall time `n` working days later. */
  advanceWorkingDays(n: number): Promise<void>;
  /** The current virtual time as a Shanghai ISO instant, e.g. '2026-10-14T10:00:00.000+08:00'. */
  now(): string;
  /** Waits until nothing is running; rejects if a workflow task failed meanwhile. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export async function scenario({ calendar, start, ...options }: ScenarioOptions): Promise<Scenario> {
  const clock = new VirtualClock(start ?? '2026-01-01T09:00:00+08:00');
  const engine = await InProcessEngine.create({ ...options, clock });
  const advanceTo = (instant: string) => engine.advanceTo(instant);
  return {
    engine,
    calendar,
    async at(instant) {
      if (clock.nextTimerAt() === undefined) clock.set(instant);
      else await advanceTo(instant);
    },
    advanceTo,
    advanceBy: (ms) => engine.advanceBy(ms),
    advanceWorkingDays: (n) => advanceTo(sameLocalTimeAfterWorkingDays(clock.now(), n, calendar)),
    now: () => toShanghaiIso(clock.now()),
    settled: () => engine.settled(),
    close: () => engine.close(),
  };
}
