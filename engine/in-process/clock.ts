/**
 * The in-process engine's notion of time. Workflow `Date.now()` is the clock's time at each
 * activation, and durable timers fire through the clock.
 */
export interface EngineClock {
  readonly kind: 'virtual' | 'wall';
  /** False for both: the in-process engine keeps state in memory only. */
  readonly durable: false;
  now(): number;
  /** Calls `fire` once the clock reaches `at` (epoch ms). Returns a function that cancels it. */
  schedule(at: number, fire: () => void): () => void;
  /** Forgets every scheduled callback. */
  close(): void;
}

interface VirtualTimer {
  at: number;
  seq: number;
  fire: () => void;
}

/**
 * Time that moves only when told to. `advanceTo` fires due timers instant by instant: every timer
 * due at one instant, in order of creation (so a run gets them in one activation, as from a
 * server), then waits for `settle`, so the work they cause (activities, new timers due before the
 * target) happens before the next instant's timers fire.
 */
export class VirtualClock implements EngineClock {
  readonly kind = 'virtual';
  readonly durable = false;
  private current: number;
  private nextSeq = 0;
  private timers: VirtualTimer[] = [];

  constructor(start: Date | number | string = Date.UTC(2026, 0, 1)) {
    this.current = toEpochMs(start);
  }

  now(): number {
    return this.current;
  }

  schedule(at: number, fire: () => void): () => void {
    const timer = { at, seq: this.nextSeq++, fire };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  /**
   * Sets the time outright, in either direction, to set the scene before anything waits on the
   * clock. Refused once a timer is scheduled: moving past it must fire it (use `advanceTo`).
   */
  set(instant: Date | number | string): void {
    if (this.timers.length > 0) {
      throw new Error('virtual clock: cannot set the time while timers are scheduled; advance it instead');
    }
    this.current = toEpochMs(instant);
  }

  /** Moves time forward to `target` (never backwards), firing due timers in order. */
  async advanceTo(target: Date | number | string, settle: () => Promise<void>): Promise<void> {
    const until = toEpochMs(target);
    if (until < this.current) {
      throw new RangeError(`virtual clock cannot go back from ${iso(this.current)} to ${iso(until)}`);
    }
    for (;;) {
      const due = this.dueAtNextInstant(until);
      if (due.length === 0) break;
      this.timers = this.timers.filter((t) => !due.includes(t));
      this.current = Math.max(this.current, due[0].at);
      due.forEach((t) => t.fire());
      await settle();
    }
    this.current = until;
  }

  /** The next timer's fire time, if any is scheduled. */
  nextTimerAt(): number | undefined {
    return this.dueAtNextInstant(Infinity)[0]?.at;
  }

  close(): void {
    this.timers = [];
  }

  /** The timers due at the earliest instant not after `until`, in order of creation. */
  private dueAtNextInstant(until: number): VirtualTimer[] {
    let next = Infinity;
    for (const t of this.timers) if (t.at <= until && t.at < next) next = t.at;
    return this.timers.filter((t) => t.at === next).sort((a, b) => a.seq - b.seq);
  }
}

/** setTimeout cannot wait longer than this; longer waits are re-armed in steps. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * Real time, for the offline fallback of `npm start`. Timers live in memory: a restart loses
 * them and every running workflow, which is why it warns when created.
 */
export class WallClock implements EngineClock {
  readonly kind = 'wall';
  readonly durable = false;
  private handles = new Set<NodeJS.Timeout>();

  constructor(warn: (message: string) => void = (m) => console.warn(m)) {
    warn('in-process engine: NOT durable, state is lost on restart (wall clock, timers held in memory)');
  }

  now(): number {
    return Date.now();
  }

  schedule(at: number, fire: () => void): () => void {
    let handle: NodeJS.Timeout;
    const arm = () => {
      const wait = Math.min(Math.max(at - Date.now(), 0), MAX_TIMEOUT_MS);
      handle = setTimeout(() => {
        this.handles.delete(handle);
        if (Date.now() < at) arm();
        else fire();
      }, wait);
      this.handles.add(handle);
    };
    arm();
    return () => {
      clearTimeout(handle);
      this.handles.delete(handle);
    };
  }

  close(): void {
    for (const h of this.handles) clearTimeout(h);
    this.handles.clear();
  }
}

export function toEpochMs(instant: Date | number | string): number {
  const ms =
    instant instanceof Date ? instant.getTime() : typeof instant === 'string' ? Date.parse(instant) : instant;
  if (!Number.isFinite(ms)) throw new RangeError(`not an instant: ${String(instant)}`);
  return ms;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
