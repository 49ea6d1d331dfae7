import { VirtualClock, WallClock } from '../../engine';

describe('VirtualClock', () => {
  test('fires due timers instant by instant, in order of creation, settling after each instant', async () => {
    const clock = new VirtualClock('2026-09-30T02:00:00Z');
    const fired: string[] = [];
    const at = (iso: string) => Date.parse(iso);
    clock.schedule(at('2026-09-30T04:00:00Z'), () => fired.push('b'));
    clock.schedule(at('2026-09-30T03:00:00Z'), () => fired.push('a'));
    clock.schedule(at('2026-09-30T04:00:00Z'), () => fired.push('c'));
    clock.schedule(at('2026-09-30T05:00:00Z'), () => fired.push('late'));
    const settles: string[] = [];
    await clock.advanceTo('2026-09-30T04:30:00Z', async () => void settles.push(fired.join('')));
    expect(fired).toEqual(['a', 'b', 'c']);
    expect(settles).toEqual(['a', 'abc']);
    expect(clock.now()).toBe(at('2026-09-30T04:30:00Z'));
    expect(clock.nextTimerAt()).toBe(at('2026-09-30T05:00:00Z'));
  });

  test('a timer scheduled while settling fires in the same advance if due', async () => {
    const clock = new VirtualClock(0);
    const fired: number[] = [];
    clock.schedule(10, () => {
      fired.push(clock.now());
      clock.schedule(clock.now() + 5, () => fired.push(clock.now()));
    });
    await clock.advanceTo(100, async () => undefined);
    expect(fired).toEqual([10, 15]);
  });

  test('cancelled timers do not fire; time never goes back; set() is refused once timers wait', async () => {
    const clock = new VirtualClock(0);
    const cancel = clock.schedule(10, () => {
      throw new Error('cancelled timer fired');
    });
    cancel();
    await clock.advanceTo(20, async () => undefined);
    await expect(clock.advanceTo(10, async () => undefined)).rejects.toThrow(RangeError);
    clock.set(5);
    clock.schedule(50, () => undefined);
    expect(() => clock.set(0)).toThrow(/advance/);
  });
});

describe('WallClock', () => {
  beforeEach(() => jest.useFakeTimers({ now: Date.parse('2026-09-30T02:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  test('warns once created that the in-process engine is not durable', () => {
    const warnings: string[] = [];
    const clock = new WallClock((m) => warnings.push(m));
    expect(clock.durable).toBe(false);
    expect(warnings).toEqual([
      expect.stringContaining('in-process engine: NOT durable, state is lost on restart'),
    ]);
  });

  test('waits longer than setTimeout allows (2^31-1 ms) by re-arming', () => {
    const clock = new WallClock(() => undefined);
    const fired = jest.fn();
    const fortyDays = 40 * 86_400_000;
    clock.schedule(Date.now() + fortyDays, fired);
    jest.advanceTimersByTime(2 ** 31 - 1);
    expect(fired).not.toHaveBeenCalled();
    jest.advanceTimersByTime(fortyDays - (2 ** 31 - 1) - 1);
    expect(fired).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  test('close() clears every pending timer', () => {
    const clock = new WallClock(() => undefined);
    const fired = jest.fn();
    clock.schedule(Date.now() + 1_000, fired);
    clock.close();
    jest.advanceTimersByTime(10_000);
    expect(fired).not.toHaveBeenCalled();
    expect(jest.getTimerCount()).toBe(0);
  });
});
