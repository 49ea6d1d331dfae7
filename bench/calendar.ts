/**
 * Benchmark: our prefix-sum calendar against luxon-business-days, on the same State Council data
 * and the same inputs, in one run. Prints one JSON line.
 *
 * luxon-business-days is set up as fairly as it allows: all seven weekdays are "business days" and a
 * single holiday matcher (a Map lookup on year/month/day, weekends unless a 调休 workday) decides
 * whether a day is worked, so makeup Saturdays count. Its plusBusiness walks one day at a time in
 * the Asia/Shanghai zone; that walk is what we replace with a binary search on prefix sums.
 * Every deadline is compared; any disagreement is printed to stderr with both answers.
 */
import 'luxon-business-days'; // patches luxon's DateTime.prototype with setupBusiness/plusBusiness
import { DateTime } from 'luxon';
import { stateCouncilArrangements } from '../db/calendar-source';
import { WorkingCalendar, workingDayDeadline } from '../domain/calendar';
import { seededRandom } from '../domain/seeded-random';

/** The part of luxon-business-days' prototype patch that we use (it ships no types). */
interface BusinessDateTime extends DateTime {
  setupBusiness(opts: { businessDays: number[]; holidayMatchers: ((dt: DateTime) => boolean)[] }): void;
  plusBusiness(opts: { days: number }): BusinessDateTime;
}

const INPUTS = Number(process.env.BENCH_INPUTS ?? 20_000);
const OUR_REPEATS = 20; // ours is too fast to time once with a steady clock

function makeInputs(count: number): { from: string; days: number }[] {
  const rnd = seededRandom(20260930);
  const first = Date.UTC(2005, 0, 1);
  const last = Date.UTC(2026, 11, 31);
  return Array.from({ length: count }, () => ({
    from: new Date(first + Math.floor(rnd() * (last - first))).toISOString(),
    days: 1 + Math.floor(rnd() * 30),
  }));
}

function setUpLuxonBusinessDays(data = stateCouncilArrangements()): void {
  const worked = new Map<number, boolean>();
  for (const o of data.overrides) worked.set(Number(o.date.replaceAll('-', '')), o.kind === 'workday');
  const isDayOff = (dt: DateTime): boolean => {
    const override = worked.get(dt.year * 10000 + dt.month * 100 + dt.day);
    return override === undefined ? dt.weekday >= 6 : !override;
  };
  (DateTime.now() as BusinessDateTime).setupBusiness({
    businessDays: [1, 2, 3, 4, 5, 6, 7],
    holidayMatchers: [isDayOff],
  });
}

function luxonBusinessDaysDeadline(from: string, days: number): string {
  const start = DateTime.fromISO(from, { zone: 'Asia/Shanghai' }).startOf('day') as BusinessDateTime;
  return start.plusBusiness({ days }).plus({ days: 1 }).toISO()!;
}

function timeNs(run: () => void): number {
  const t0 = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - t0);
}

function main(): void {
  const data = stateCouncilArrangements();
  let cal = WorkingCalendar.from(data);
  const buildNs = timeNs(() => {
    for (let i = 0; i < 100; i++) cal = WorkingCalendar.from(data);
  });
  setUpLuxonBusinessDays(data);
  const inputs = makeInputs(INPUTS);

  const ours: string[] = new Array(inputs.length);
  const theirs: string[] = new Array(inputs.length);
  const runOurs = () => {
    for (let i = 0; i < inputs.length; i++)
      ours[i] = workingDayDeadline(inputs[i].from, inputs[i].days, cal).deadline;
  };
  const runTheirs = () => {
    for (let i = 0; i < inputs.length; i++)
      theirs[i] = luxonBusinessDaysDeadline(inputs[i].from, inputs[i].days);
  };

  // Warm up both (JIT, luxon's zone and formatter caches) before timing.
  for (let i = 0; i < 3; i++) runOurs();
  for (let i = 0; i < Math.min(2000, inputs.length); i++)
    luxonBusinessDaysDeadline(inputs[i].from, inputs[i].days);

  const oursNs = timeNs(() => {
    for (let r = 0; r < OUR_REPEATS; r++) runOurs();
  });
  const theirsNs = timeNs(runTheirs);

  let disagreements = 0;
  for (let i = 0; i < inputs.length; i++) {
    if (ours[i] !== theirs[i]) {
      disagreements++;
      if (disagreements <= 5) {
        console.error(
          `disagree: ${inputs[i].from} + ${inputs[i].days}: ours ${ours[i]}, luxon-business-days ${theirs[i]}`,
        );
      }
    }
  }
  const oursPer = oursNs / (OUR_REPEATS * inputs.length);
  const theirsPer = theirsNs / inputs.length;
  console.log(
    JSON.stringify({
      bench: 'calendar',
      inputs: inputs.length,
      oursNsPerDeadline: Math.round(oursPer),
      luxonBusinessDaysNsPerDeadline: Math.round(theirsPer),
      speedup: Math.round((theirsPer / oursPer) * 10) / 10,
      disagreements,
      oursBuildUs: Math.round(buildNs / 100 / 1000),
      overrides: data.overrides.length,
      years: `${data.publishedYears[0]}–${data.publishedYears[data.publishedYears.length - 1]}`,
      node: process.version,
    }),
  );
  if (disagreements > 0) process.exitCode = 1;
}

main();
