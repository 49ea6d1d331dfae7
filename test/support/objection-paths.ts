/**
 * Two complete objection lifecycles driven through the engine (no HTTP): the happy path and the worst
 * path (every stage late, escalated and suspended, and a calendar change). Shared by the replay
 * test, the recorded golden histories and the objection benchmark.
 */
import type { Actor } from '../../domain/cases/types';
import type { CaseEngine } from '../../engine';
import { calendarChanged, caseAction, OBJECTION_WORKFLOW } from '../../workflows/messages';
import { objectionInput, TEST_CLERK as clerk } from './objection-input';

const provider: Actor = { role: 'provider', userId: 'demo-provider-a', unitId: 'unit-a' };

export interface PathDriver {
  engine: CaseEngine;
  advanceTo(instant: string): Promise<void>;
}

const act = (d: PathDriver, id: string, action: string, actor: Actor, body: Record<string, unknown> = {}) =>
  d.engine.update(id, caseAction, { action, actor, body });

/** Accepted 2026-09-30 10:00 +08:00 (the virtual clock must be there); every step on time. */
export async function happyPath(d: PathDriver, caseId: string, recordId: string): Promise<void> {
  await d.engine.start(OBJECTION_WORKFLOW, caseId, [
    objectionInput(caseId, recordId, '2026-09-30T02:00:00.000Z'),
  ]);
  // Settles the start's work: the workflow registers its update handler after its first activity.
  await d.advanceTo('2026-09-30T02:00:00.000Z');
  await act(d, caseId, 'forward', clerk);
  await d.advanceTo('2026-10-09T02:00:00.000Z');
  await act(d, caseId, 'uphold', provider, {
    correction: 'correct',
    content: { penalty: '已撤销' },
    reason: '核实',
  });
  await d.advanceTo('2026-10-12T02:00:00.000Z');
  await act(d, caseId, 'process', clerk, { note: '已更正' });
}

/** Accepted 2026-09-30 10:00 +08:00; every stage breached and escalated, and a calendar change. */
export async function worstPath(d: PathDriver, caseId: string, recordId: string): Promise<void> {
  await d.engine.start(OBJECTION_WORKFLOW, caseId, [
    objectionInput(caseId, recordId, '2026-09-30T02:00:00.000Z'),
  ]);
  await d.advanceTo('2026-10-20T02:00:00.000Z');
  await act(d, caseId, 'forward', clerk);
  await d.engine.signal(caseId, calendarChanged);
  await d.advanceTo('2026-11-06T02:00:00.000Z');
  await act(d, caseId, 'dismiss', provider, { reason: '信息准确' });
  await d.advanceTo('2026-11-16T02:00:00.000Z');
  await act(d, caseId, 'process', clerk);
}
