import { stateCouncilArrangements } from '../../db/calendar-source';
import { WorkingCalendar, workingDays } from '../../domain/calendar';
import { nextRung, overdueNoLonger, restartLadder } from '../../domain/cases/escalation';
import { openStage, stageDeadline } from '../../domain/cases/stages';
import type { Stage } from '../../domain/cases/types';
import { policyFor } from '../../domain/policy';

const calendar = WorkingCalendar.from(stateCouncilArrangements());
const xiamen = policyFor('xiamen');
// 厦门办法第二十五条: the provider's 6 working days, starting the day before 国庆 2026.
const verify = openStage('verify', '2026-09-30T02:00:00.000Z', workingDays(6), { unitId: 'unit-a' });
const claimed = (s: Stage, ...rungs: string[]): Stage => ({ ...s, rungs: [...s.rungs, ...rungs] });

describe('escalation ladder (DESIGN.md Deadlines)', () => {
  test('厦门办法第二十五条 across 国庆: 6 working days from 2026-09-30 end 2026-10-14 24:00', () => {
    expect(stageDeadline(verify, calendar, xiamen, verify.startedAt)).toEqual({
      deadline: '2026-10-15T00:00:00.000+08:00',
      deadlineDate: '2026-10-14',
      provisional: false,
    });
  });

  test('the due-soon warning opens the morning of the last working day', () => {
    expect(nextRung(verify, calendar, xiamen, verify.startedAt)).toEqual({
      name: 'due-soon',
      kind: 'due-soon',
      at: '2026-10-14T00:00:00.000+08:00',
      index: 0,
    });
  });

  test('then the breach at the deadline, then a reminder at the end of each further working day', () => {
    const warned = claimed(verify, 'due-soon');
    expect(nextRung(warned, calendar, xiamen, '2026-10-14T01:00:00Z')).toMatchObject({
      name: 'breach',
      at: '2026-10-15T00:00:00.000+08:00',
    });
    const breached = claimed(warned, 'breach');
    expect(nextRung(breached, calendar, xiamen, '2026-10-15T01:00:00Z')).toMatchObject({
      name: 'reminder-1',
      at: '2026-10-16T00:00:00.000+08:00',
    });
    expect(nextRung(claimed(breached, 'reminder-1'), calendar, xiamen, '2026-10-16T01:00:00Z')).toMatchObject(
      {
        name: 'reminder-2',
        at: '2026-10-17T00:00:00.000+08:00',
      },
    );
    // 2026-10-17/18 is a weekend: the third reminder is at the end of Monday 10-19.
    const twice = claimed(breached, 'reminder-1', 'reminder-2');
    expect(nextRung(twice, calendar, xiamen, '2026-10-17T01:00:00Z')).toMatchObject({
      name: 'reminder-3',
      at: '2026-10-20T00:00:00.000+08:00',
    });
  });

  test('a due-soon warning whose deadline already passed is skipped, not sent late', () => {
    expect(nextRung(verify, calendar, xiamen, '2026-10-20T00:00:00Z')).toMatchObject({ name: 'breach' });
  });

  test('a paused or completed stage has no next rung: the clock is stopped', () => {
    const paused = { ...verify, pauses: [{ from: '2026-10-08T02:00:00Z', to: null, reason: '专家评审' }] };
    expect(nextRung(paused, calendar, xiamen, '2026-10-09T02:00:00Z')).toBeNull();
    expect(
      nextRung({ ...verify, completedAt: '2026-10-09T02:00:00Z' }, calendar, xiamen, '2026-10-09T02:00:00Z'),
    ).toBeNull();
  });

  test('a breach whose deadline moved later is no longer overdue; the restarted ladder names its rungs apart', () => {
    const breached = { ...claimed(verify, 'due-soon', 'breach'), breachedAt: '2026-10-14T16:00:00.000Z' };
    expect(overdueNoLonger(breached, calendar, xiamen, '2026-10-14T17:00:00Z')).toBe(false);
    const later = WorkingCalendar.from({
      ...stateCouncilArrangements(),
      overrides: [
        ...stateCouncilArrangements().overrides,
        { date: '2026-10-14', kind: 'holiday', name: '停工' },
      ],
    });
    expect(overdueNoLonger(breached, later, xiamen, '2026-10-14T17:00:00Z')).toBe(true);
    const restarted = restartLadder(breached);
    expect(restarted).toMatchObject({ breachedAt: null, rungs: [], ladder: 1 });
    expect(nextRung(restarted, later, xiamen, '2026-10-14T17:00:00Z')).toMatchObject({
      name: 'due-soon#1',
      at: '2026-10-15T00:00:00.000+08:00',
    });
  });

  test('天津办法第十二条: a closed pause moves the deadline out by the working days paused', () => {
    const paused = {
      ...verify,
      pauses: [{ from: '2026-10-08T02:00:00Z', to: '2026-10-10T02:00:00Z', reason: '检验' }],
    };
    // Paused Thursday → Saturday (a 调休 working day): Friday and Saturday do not count.
    expect(stageDeadline(paused, calendar, xiamen, '2026-10-12T00:00:00Z').deadlineDate).toBe('2026-10-16');
  });
});
