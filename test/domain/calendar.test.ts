import { DateTime, IANAZone } from 'luxon';
import { stateCouncilArrangements } from '../../db/calendar-source';
import {
  type CalendarData,
  WorkingCalendar,
  pausedWorkingDays,
  sameLocalTimeAfterWorkingDays,
  shanghaiDate,
  toShanghaiIso,
  workingDayDeadline,
} from '../../domain/calendar';
import { seededRandom } from '../../domain/seeded-random';

const data = stateCouncilArrangements();
const cal = WorkingCalendar.from(data);

/** The same data plus admin edits (admin edits replace the State Council row for that date). */
function withEdits(edits: CalendarData['overrides'], base: CalendarData = data): WorkingCalendar {
  const edited = new Set(edits.map((e) => e.date));
  return WorkingCalendar.from({
    overrides: [...base.overrides.filter((o) => !edited.has(o.date)), ...edits],
    publishedYears: base.publishedYears,
  });
}

describe('民法典第二百零一条、第二百零三条: 自X之日起N个工作日内', () => {
  test('2026-09-30T10:00+08:00 + 6 working days ends 24:00 on 2026-10-14 (国庆 10-01..07 off, 10-10 调休上班 counts)', () => {
    // By hand from the 2026 notice: 10-01 (Thu)..10-07 off; counted 10-08 Thu, 10-09 Fri,
    // 10-10 Sat (调休上班), 10-12 Mon, 10-13 Tue, 10-14 Wed.
    expect(workingDayDeadline('2026-09-30T10:00+08:00', 6, cal)).toEqual({
      deadline: '2026-10-15T00:00:00.000+08:00',
      deadlineDate: '2026-10-14',
      provisional: false,
    });
  });

  test('民法典第二百零一条: the start day is not counted, even when it is a holiday (2026-10-03 国庆节)', () => {
    expect(workingDayDeadline('2026-10-03T15:00+08:00', 1, cal).deadlineDate).toBe('2026-10-08');
    expect(workingDayDeadline('2026-10-03T15:00+08:00', 3, cal).deadlineDate).toBe('2026-10-10');
  });

  test('民法典第二百零一条: the start day is not counted even when it is a makeup working day (2026-05-09 劳动节调休上班)', () => {
    expect(cal.isWorkingDay('2026-05-09')).toBe(true);
    // 05-09 Sat is X; 05-10 Sun off; 05-11 Mon is the first working day.
    expect(workingDayDeadline('2026-05-09T09:00+08:00', 1, cal).deadlineDate).toBe('2026-05-11');
    // Sunday makeup day 2026-09-20 (国庆节调休上班) as X: 09-21 Mon is first.
    expect(workingDayDeadline('2026-09-20T09:00+08:00', 1, cal).deadlineDate).toBe('2026-09-21');
  });

  test('RULES.md: makeup working days inside the span count — across 春节 2026 (02-15..02-23 off, 02-14 and 02-28 上班)', () => {
    // X = 02-12 Thu. Counted: 02-13 Fri, 02-14 Sat (调休), 02-24 Tue, 02-25 Wed, 02-26 Thu.
    expect(workingDayDeadline('2026-02-12T10:00+08:00', 5, cal).deadlineDate).toBe('2026-02-26');
    // X = 02-26: 02-27 Fri, 02-28 Sat (调休), 03-02 Mon.
    expect(workingDayDeadline('2026-02-26T10:00+08:00', 3, cal).deadlineDate).toBe('2026-03-02');
  });

  test('RULES.md: a span across 中秋节 and 国庆节 2026', () => {
    // X = 09-24 Thu; 09-25 Fri 中秋节, 09-26/27 weekend; 09-28, 09-29, 09-30 counted.
    expect(workingDayDeadline('2026-09-24T10:00+08:00', 3, cal).deadlineDate).toBe('2026-09-30');
    // One more: 10-01..07 off, 10-08.
    expect(workingDayDeadline('2026-09-24T10:00+08:00', 4, cal).deadlineDate).toBe('2026-10-08');
  });

  test('民法典第二百零三条: with a close of business the deadline is that time on the last working day', () => {
    expect(workingDayDeadline('2026-09-30T10:00+08:00', 6, cal, { closeOfBusiness: '17:30' }).deadline).toBe(
      '2026-10-14T17:30:00.000+08:00',
    );
    expect(workingDayDeadline('2026-09-30T10:00+08:00', 6, cal, { closeOfBusiness: null }).deadline).toBe(
      '2026-10-15T00:00:00.000+08:00',
    );
  });

  test('Asia/Shanghai: an instant late in the UTC day already counts from the next Shanghai date', () => {
    expect(shanghaiDate('2026-09-30T17:00:00Z')).toBe('2026-10-01');
    expect(shanghaiDate('2026-09-30T15:59:59.999Z')).toBe('2026-09-30');
    // 2026-10-09T16:30Z is 2026-10-10 00:30 in Shanghai (a makeup Saturday): that day is X, not counted.
    expect(workingDayDeadline('2026-10-09T16:30:00Z', 1, cal).deadlineDate).toBe('2026-10-12');
    // 2026-10-09T15:30Z is still 10-09 23:30 in Shanghai: 10-10 (makeup) is the first working day.
    expect(workingDayDeadline('2026-10-09T15:30:00Z', 1, cal).deadlineDate).toBe('2026-10-10');
  });

  test('RULES.md: a deadline that counts days of an unpublished year (2027) is provisional', () => {
    expect(cal.isPublished(2026)).toBe(true);
    expect(cal.isPublished(2027)).toBe(false);
    // Provisional 2027 = weekday defaults, so 2027-01-01 (Fri) counts: 12-31, 01-01, 01-04, 01-05, 01-06.
    expect(workingDayDeadline('2026-12-30T10:00+08:00', 5, cal)).toEqual({
      deadline: '2027-01-07T00:00:00.000+08:00',
      deadlineDate: '2027-01-06',
      provisional: true,
    });
    expect(workingDayDeadline('2026-12-20T10:00+08:00', 5, cal).provisional).toBe(false);
    // X itself in 2026 and the last counted day on 12-31: not provisional.
    expect(workingDayDeadline('2026-12-30T10:00+08:00', 1, cal)).toMatchObject({
      deadlineDate: '2026-12-31',
      provisional: false,
    });
    // X on 12-31 2026 is not counted, so only 2027 days are: provisional.
    expect(cal.isProvisional('2026-12-31', '2027-01-01')).toBe(true);
    expect(cal.isProvisional('2026-01-01', '2026-12-31')).toBe(false);
    expect(cal.isProvisional('2027-03-01', '2027-03-01')).toBe(false);
  });

  test('RULES.md: a pause that reaches into an unpublished year makes the deadline provisional', () => {
    const pauses = [{ from: '2026-12-01T10:00+08:00', to: '2026-12-31T10:00+08:00', reason: '鉴定' }];
    expect(workingDayDeadline('2026-12-01T09:00+08:00', 2, cal).provisional).toBe(false);
    expect(workingDayDeadline('2026-12-01T09:00+08:00', 2, cal, { pauses }).provisional).toBe(true);
  });

  test('admin calendar edit: a holiday added on a weekday inside the span moves the deadline by one working day', () => {
    // X = 2026-06-01 Mon; 06-02..06-05 and 06-08 are the five working days.
    expect(workingDayDeadline('2026-06-01T10:00+08:00', 5, cal).deadlineDate).toBe('2026-06-08');
    const edited = withEdits([{ date: '2026-06-03', kind: 'holiday', name: '临时休假' }]);
    expect(workingDayDeadline('2026-06-01T10:00+08:00', 5, edited).deadlineDate).toBe('2026-06-09');
    // …and a Saturday made a working day pulls it back in.
    const twice = withEdits([
      { date: '2026-06-03', kind: 'holiday', name: '临时休假' },
      { date: '2026-06-06', kind: 'workday', name: '补班' },
    ]);
    expect(workingDayDeadline('2026-06-01T10:00+08:00', 5, twice).deadlineDate).toBe('2026-06-08');
  });

  test('天津办法第十二条: paused working days move the deadline out', () => {
    const from = '2026-06-01T10:00+08:00';
    // Pause 06-02 15:00 → 06-04 09:00: the days in (06-02, 06-04] = 06-03, 06-04 → +2.
    const closed = [{ from: '2026-06-02T15:00+08:00', to: '2026-06-04T09:00+08:00', reason: '检测' }];
    expect(pausedWorkingDays(closed, cal)).toBe(2);
    expect(workingDayDeadline(from, 5, cal, { pauses: closed }).deadlineDate).toBe('2026-06-10');
    // An open pause counts until asOf: (06-02, 06-05] → +3.
    const open = [{ from: '2026-06-02T15:00+08:00', to: null, reason: '专家评审' }];
    expect(
      workingDayDeadline(from, 5, cal, { pauses: open, asOf: '2026-06-05T12:00+08:00' }).deadlineDate,
    ).toBe('2026-06-11');
    // A pause within one day pauses no whole day.
    const sameDay = [{ from: '2026-06-02T09:00+08:00', to: '2026-06-02T17:00+08:00', reason: '检验' }];
    expect(workingDayDeadline(from, 5, cal, { pauses: sameDay }).deadlineDate).toBe('2026-06-08');
    // Paused over 国庆: only the working days paused count (10-08, 10-09, 10-10 makeup).
    const overHoliday = [{ from: '2026-09-30T12:00+08:00', to: '2026-10-10T12:00+08:00', reason: '鉴定' }];
    expect(pausedWorkingDays(overHoliday, cal)).toBe(3);
  });

  test('天津办法第十二条: overlapping pauses extend once per paused day', () => {
    const pauses = [
      { from: '2026-06-02T10:00+08:00', to: '2026-06-05T10:00+08:00', reason: '检测' },
      { from: '2026-06-03T10:00+08:00', to: '2026-06-09T10:00+08:00', reason: '鉴定' },
    ];
    // Union (06-02, 06-09] = 06-03, 04, 05, 08, 09 → 5 working days.
    expect(pausedWorkingDays(pauses, cal)).toBe(5);
  });

  test('scenario helpers: Shanghai ISO formatting and the same wall time N working days later', () => {
    expect(toShanghaiIso('2026-09-30T17:00:00Z')).toBe('2026-10-01T01:00:00.000+08:00');
    expect(toShanghaiIso(Date.UTC(2026, 8, 30, 2, 0, 0, 7))).toBe('2026-09-30T10:00:00.007+08:00');
    expect(sameLocalTimeAfterWorkingDays('2026-09-30T10:00+08:00', 2, cal)).toBe(
      '2026-10-09T10:00:00.000+08:00',
    );
    expect(sameLocalTimeAfterWorkingDays('2026-09-30T10:00+08:00', 0, cal)).toBe(
      '2026-09-30T10:00:00.000+08:00',
    );
    expect(sameLocalTimeAfterWorkingDays('2026-10-09T16:30:00Z', 1, cal)).toBe(
      '2026-10-12T00:30:00.000+08:00',
    );
    expect(cal.subtractWorkingDays('2026-10-08', 1)).toBe('2026-09-30');
    expect(cal.subtractWorkingDays('2026-10-12', 2)).toBe('2026-10-09');
  });

  test('describeDay shows the arrangement and whether the year is provisional', () => {
    expect(cal.describeDay('2026-10-03')).toEqual({
      date: '2026-10-03',
      weekday: 6,
      isWorkingDay: false,
      override: { date: '2026-10-03', kind: 'holiday', name: '国庆节' },
      provisional: false,
    });
    expect(cal.describeDay('2026-10-10')).toMatchObject({
      isWorkingDay: true,
      override: { name: '国庆节调休上班' },
    });
    expect(cal.describeDay('2027-10-01')).toMatchObject({
      isWorkingDay: true,
      override: null,
      provisional: true,
    });
  });
});

describe('Asia/Shanghai is UTC+08:00 with no DST for every date we handle', () => {
  test('luxon (IANA tz) agrees with the fixed +08:00 offset at every midnight and noon 1992–2100', () => {
    const shanghai = IANAZone.create('Asia/Shanghai');
    const first = Date.UTC(1992, 0, 1) - 8 * 3_600_000;
    const last = Date.UTC(2101, 0, 1) - 8 * 3_600_000;
    let checked = 0;
    for (let ms = first; ms < last; ms += 12 * 3_600_000) {
      if (shanghai.offset(ms) !== 480)
        throw new Error(`Asia/Shanghai offset at ${new Date(ms).toISOString()}`);
      checked++;
    }
    expect(checked).toBe(2 * 39812);
    // …and it was not before 1991 (summer time 1986–1991), which is why we claim only 1992 on.
    expect(shanghai.offset(Date.UTC(1990, 6, 1))).toBe(540);
  });

  test('our formatting and date equal luxon for random instants', () => {
    const rnd = seededRandom(7);
    for (let i = 0; i < 2000; i++) {
      const ms = Date.UTC(1992, 0, 1) + Math.floor(rnd() * (Date.UTC(2100, 0, 1) - Date.UTC(1992, 0, 1)));
      const lx = DateTime.fromMillis(ms, { zone: 'Asia/Shanghai' });
      expect(toShanghaiIso(ms)).toBe(lx.toFormat("yyyy-MM-dd'T'HH:mm:ss.SSSZZ"));
      expect(shanghaiDate(new Date(ms).toISOString())).toBe(lx.toISODate());
    }
  });
});

describe('State Council arrangements (chinese-days 1.5.7)', () => {
  test('published years are 2004–2026; 2027 is not published (provisional)', () => {
    expect(data.publishedYears).toEqual(Array.from({ length: 23 }, (_, i) => 2004 + i));
    expect(data.overrides.some((o) => o.date >= '2027')).toBe(false);
  });

  test('2026 arrangement as published: 调休上班 days and 国庆节', () => {
    const workdays2026 = data.overrides.filter((o) => o.kind === 'workday' && o.date.startsWith('2026'));
    expect(workdays2026.map((o) => `${o.date} ${o.name}`)).toEqual([
      '2026-01-04 元旦调休上班',
      '2026-02-14 春节调休上班',
      '2026-02-28 春节调休上班',
      '2026-05-09 劳动节调休上班',
      '2026-09-20 国庆节调休上班',
      '2026-10-10 国庆节调休上班',
    ]);
    const national = data.overrides.filter((o) => o.name === '国庆节' && o.date.startsWith('2026'));
    expect(national.map((o) => o.date)).toEqual([1, 2, 3, 4, 5, 6, 7].map((d) => `2026-10-0${d}`));
    expect(cal.describeDay('2026-09-25').override?.name).toBe('中秋节');
  });

  test('every makeup working day is a weekend day and no date is both', () => {
    const dates = new Set<string>();
    for (const o of data.overrides) {
      expect(dates.has(o.date)).toBe(false);
      dates.add(o.date);
      if (o.kind === 'workday') expect([0, 6]).toContain(new Date(`${o.date}T00:00:00Z`).getUTCDay());
    }
  });
});

describe('property: agrees with a naive day-by-day reference', () => {
  /** The reference: walks one day at a time over a Map of overrides. */
  function naive(d: CalendarData) {
    const kinds = new Map(d.overrides.map((o) => [o.date, o.kind]));
    const published = new Set(d.publishedYears);
    const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const ms = (date: string) => Date.parse(`${date}T00:00:00Z`);
    const isWorking = (date: string) => {
      const kind = kinds.get(date);
      if (kind) return kind === 'workday';
      const wd = new Date(ms(date)).getUTCDay();
      return wd !== 0 && wd !== 6;
    };
    const next = (date: string) => iso(ms(date) + 86_400_000);
    return {
      isWorking,
      add(date: string, n: number) {
        let d = date;
        for (let left = n; left > 0; ) {
          d = next(d);
          if (isWorking(d)) left--;
        }
        return d;
      },
      subtract(date: string, n: number) {
        let d = date;
        for (let left = n; left > 0; ) {
          d = iso(ms(d) - 86_400_000);
          if (isWorking(d)) left--;
        }
        return d;
      },
      between(from: string, to: string) {
        let count = 0;
        for (let d = next(from); d <= to; d = next(d)) if (isWorking(d)) count++;
        return count;
      },
      provisional(from: string, to: string) {
        for (let d = next(from); d <= to; d = next(d)) if (!published.has(Number(d.slice(0, 4)))) return true;
        return false;
      },
    };
  }

  function randomDate(rnd: () => number, fromYear: number, toYear: number): string {
    const start = Date.UTC(fromYear, 0, 1);
    const end = Date.UTC(toYear + 1, 0, 1);
    return new Date(start + Math.floor(rnd() * ((end - start) / 86_400_000)) * 86_400_000)
      .toISOString()
      .slice(0, 10);
  }

  test('State Council data, random dates 2005–2027: isWorkingDay, addWorkingDays, subtractWorkingDays, workingDaysBetween, isProvisional', () => {
    const ref = naive(data);
    const rnd = seededRandom(42);
    for (let i = 0; i < 1500; i++) {
      const a = randomDate(rnd, 2005, 2027);
      const b = ref.add(a, Math.floor(rnd() * 200) + 1);
      const n = 1 + Math.floor(rnd() * 40);
      expect(cal.isWorkingDay(a)).toBe(ref.isWorking(a));
      expect(cal.addWorkingDays(a, n)).toBe(ref.add(a, n));
      expect(cal.subtractWorkingDays(a, n)).toBe(ref.subtract(a, n));
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      expect(cal.workingDaysBetween(lo, hi)).toBe(ref.between(lo, hi));
      expect(cal.workingDaysBetween(hi, lo)).toBe(0);
      const near = ref.add(lo, n);
      expect(cal.isProvisional(lo, near)).toBe(ref.provisional(lo, near));
    }
  });

  test('random admin calendars, dates before, inside and after the edited span', () => {
    const rnd = seededRandom(2024);
    for (let round = 0; round < 10; round++) {
      const overrides = new Map<string, CalendarData['overrides'][number]>();
      for (let i = 0; i < 200; i++) {
        const date = randomDate(rnd, 2010, 2030);
        overrides.set(date, { date, kind: rnd() < 0.5 ? 'holiday' : 'workday', name: 'x' });
      }
      const d: CalendarData = { overrides: [...overrides.values()], publishedYears: [2012, 2013, 2020] };
      const ours = WorkingCalendar.from(d);
      const ref = naive(d);
      for (let i = 0; i < 200; i++) {
        const a = randomDate(rnd, 2005, 2035);
        const n = 1 + Math.floor(rnd() * 250);
        expect(ours.isWorkingDay(a)).toBe(ref.isWorking(a));
        const later = ours.addWorkingDays(a, n);
        expect(later).toBe(ref.add(a, n));
        expect(ours.workingDaysBetween(a, later)).toBe(n);
        expect(ours.subtractWorkingDays(later, n)).toBe(ref.subtract(later, n));
        expect(ours.isProvisional(a, later)).toBe(ref.provisional(a, later));
      }
    }
  });

  test('workingDayDeadline equals the reference: Shanghai date of X, plus n working days, 24:00', () => {
    const ref = naive(data);
    const rnd = seededRandom(9);
    for (let i = 0; i < 2000; i++) {
      const ms = Date.UTC(2005, 0, 1) + Math.floor(rnd() * (Date.UTC(2027, 11, 1) - Date.UTC(2005, 0, 1)));
      const n = 1 + Math.floor(rnd() * 30);
      const x = DateTime.fromMillis(ms, { zone: 'Asia/Shanghai' });
      const due = ref.add(x.toISODate()!, n);
      const end = DateTime.fromISO(due, { zone: 'Asia/Shanghai' }).plus({ days: 1 });
      expect(workingDayDeadline(new Date(ms).toISOString(), n, cal)).toEqual({
        deadline: end.toFormat("yyyy-MM-dd'T'HH:mm:ss.SSSZZ"),
        deadlineDate: due,
        provisional: due >= '2027',
      });
    }
  });
});

describe('input validation: RangeError with a clear message', () => {
  test('days must be an integer >= 1', () => {
    for (const bad of [0, -1, 1.5, NaN, Infinity]) {
      expect(() => workingDayDeadline('2026-09-30T10:00+08:00', bad, cal)).toThrow(RangeError);
    }
    expect(() => workingDayDeadline('2026-09-30T10:00+08:00', 0, cal)).toThrow(
      /days must be an integer >= 1/,
    );
    expect(() => cal.addWorkingDays('2026-09-30', 0)).toThrow(RangeError);
  });

  test('instants need a valid date, time and offset', () => {
    for (const bad of [
      '2026-09-30',
      '2026-09-30T10:00',
      '2026-02-30T10:00+08:00',
      '2026-09-30T24:00+08:00',
      'soon',
      '',
    ]) {
      expect(() => workingDayDeadline(bad, 1, cal)).toThrow(/invalid instant/);
    }
  });

  test('instants: offsets, seconds and fractions are read exactly (fractions truncated to ms)', () => {
    const cases: [string, string][] = [
      ['2026-09-30T10:00+08:00', '2026-09-30T10:00:00.000+08:00'],
      ['2026-09-30T10:00:05+0800', '2026-09-30T10:00:05.000+08:00'],
      ['2026-09-30T02:00:00.5Z', '2026-09-30T10:00:00.500+08:00'],
      ['2026-09-30T02:00:00.123456789Z', '2026-09-30T10:00:00.123+08:00'],
      ['2026-09-29T21:00:00-05:00', '2026-09-30T10:00:00.000+08:00'],
    ];
    for (const [input, expected] of cases) {
      expect(toShanghaiIso(input)).toBe(expected);
      expect(Date.parse(input)).toBe(Date.parse(expected));
    }
    for (const bad of [
      '2026-09-30T10:00:00.Z',
      '2026-09-30T10:00:00Zx',
      '2026-09-30T10:00+19:00',
      '2026-09-30 10:00Z',
    ]) {
      expect(() => shanghaiDate(bad)).toThrow(/invalid instant/);
    }
  });

  test('dates must exist', () => {
    for (const bad of ['2026-13-01', '2026-02-29', '2026-9-1', '20260901']) {
      expect(() => cal.isWorkingDay(bad)).toThrow(/invalid date/);
    }
    expect(cal.isWorkingDay('2024-02-29')).toBe(true);
  });

  test('close of business must be HH:mm', () => {
    for (const bad of ['25:00', '5pm', '17:60', '9:00']) {
      expect(() => workingDayDeadline('2026-09-30T10:00+08:00', 1, cal, { closeOfBusiness: bad })).toThrow(
        /closeOfBusiness/,
      );
    }
  });

  test('pauses: an open pause needs asOf, and a pause cannot end before it starts', () => {
    const from = '2026-06-01T10:00+08:00';
    expect(() =>
      workingDayDeadline(from, 5, cal, {
        pauses: [{ from: '2026-06-02T10:00+08:00', to: null, reason: 'x' }],
      }),
    ).toThrow(/asOf/);
    expect(() =>
      workingDayDeadline(from, 5, cal, {
        pauses: [{ from: '2026-06-05T10:00+08:00', to: '2026-06-02T10:00+08:00', reason: 'x' }],
      }),
    ).toThrow(/before it starts/);
  });

  test('calendar data: bad dates, kinds and duplicate days are refused', () => {
    const build =
      (overrides: unknown[], publishedYears: unknown[] = []) =>
      () =>
        WorkingCalendar.from({ overrides, publishedYears } as CalendarData);
    expect(build([{ date: '2026-02-30', kind: 'holiday', name: 'x' }])).toThrow(/invalid date/);
    expect(build([{ date: '2026-06-03', kind: 'off', name: 'x' }])).toThrow(/kind/);
    expect(
      build([
        { date: '2026-06-03', kind: 'holiday', name: 'x' },
        { date: '2026-06-03', kind: 'workday', name: 'y' },
      ]),
    ).toThrow(/twice/);
    expect(build([], [2026.5])).toThrow(/published year/);
  });

  test('an empty calendar is the plain Mon–Fri week, every year provisional', () => {
    const plain = WorkingCalendar.from({ overrides: [], publishedYears: [] });
    expect(plain.addWorkingDays('2026-10-01', 1)).toBe('2026-10-02');
    expect(plain.addWorkingDays('2026-10-02', 1)).toBe('2026-10-05');
    expect(plain.workingDaysBetween('2026-10-01', '2026-10-31')).toBe(21);
    expect(workingDayDeadline('2026-10-01T10:00+08:00', 1, plain).provisional).toBe(true);
  });
});
