/**
 * Properties of the objection machine over thousands of random action sequences (seeded, so a failure
 * reproduces): whatever clerks, provider units and deadlines do, the record's flags balance out and the
 * case never reaches an impossible shape.
 */
import {
  allowedActions,
  applyAction,
  breachEffects,
  OBJECTION_ACTIONS,
  openObjection,
  refusal,
  type ObjectionCase,
} from '../../domain/cases/objection';
import { openStageOf } from '../../domain/cases/stages';
import type { Actor, Effect } from '../../domain/cases/types';
import { policyFor, type ProfileId } from '../../domain/policy';
import { seededRandom } from '../../domain/seeded-random';
import { objectionInput } from '../support/objection-input';

const actors: Actor[] = [
  { role: 'clerk', userId: 'c', unitId: null },
  { role: 'provider', userId: 'pa', unitId: 'unit-a' },
  { role: 'provider', userId: 'pb', unitId: 'unit-b' },
  { role: 'supervisor', userId: 's', unitId: null },
];

/** A well-formed body for each action (shape is the API's job; the machine checks what it needs). */
const VALID_BODIES: Record<string, Record<string, unknown>> = {
  forward: {},
  correct: { content: { a: 1 }, reason: 'r' },
  reject: { reason: 'r' },
  uphold: { correction: 'correct', content: { a: 2 }, reason: 'r' },
  dismiss: { reason: 'r' },
  process: {},
  withdraw: {},
  pause: { reason: 'r' },
  resume: {},
};
const BODIES = [
  ...Object.values(VALID_BODIES),
  { correction: 'delete', reason: 'r' },
  { correction: 'supplement', content: { a: 3 }, reason: 'r' },
  { correction: 'x' },
  {},
];

interface Run {
  final: ObjectionCase;
  effects: Effect[];
}

function randomRun(seed: number, profile: ProfileId): Run {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const policy = policyFor(profile);
  const opened = openObjection(
    objectionInput(`p-${seed}`, 'rec-000001', '2026-09-30T02:00:00.000Z', profile),
    policy,
  );
  let c = opened.next;
  const effects = [...opened.effects];
  let minute = 0;
  for (let step = 0; step < 30 && c.state !== 'closed'; step++) {
    const at = new Date(Date.parse('2026-09-30T02:00:00.000Z') + ++minute * 3_600_000).toISOString();
    if (random() < 0.15) {
      // A deadline passes on the open stage.
      const stage = openStageOf(c.stages);
      if (stage) {
        const t = breachEffects(c, stage, at, policy);
        c = t.next;
        effects.push(...t.effects);
      }
      continue;
    }
    const req = { action: pick(OBJECTION_ACTIONS), actor: pick(actors), body: pick(BODIES) };
    const before = JSON.stringify(c);
    if (refusal(c, req, policy)) {
      expect(JSON.stringify(c)).toBe(before);
      continue;
    }
    const t = applyAction(c, req, at, policy);
    c = t.next;
    effects.push(...t.effects);
    checkShape(c);
  }
  return { final: c, effects };
}

function checkShape(c: ObjectionCase): void {
  const open = c.stages.filter((s) => !s.completedAt);
  if (c.state === 'closed') {
    expect(open).toEqual([]);
    expect(c.outcome).not.toBeNull();
    expect(c.closedAt).not.toBeNull();
    expect(c.suspended).toBe(false);
  } else {
    expect(open).toHaveLength(1);
    expect(open[0].name).toBe(c.state);
    expect(c.outcome).toBeNull();
  }
  expect(c.timeline.map((e) => e.seq)).toEqual(c.timeline.map((_, i) => i + 1));
}

const count = (effects: Effect[], type: Effect['type']) => effects.filter((e) => e.type === type).length;

describe.each(['xiamen', 'wuhan', 'tianjin'] as ProfileId[])(
  'objection machine properties (%s)',
  (profile) => {
    const runs = Array.from({ length: 1500 }, (_, i) => randomRun(i + 1, profile));

    test('厦门办法第二十六条: annotated once on acceptance; the annotation is removed exactly when the case closes', () => {
      for (const { final, effects } of runs) {
        expect(effects[0]).toEqual({ type: 'annotateRecord', recordId: 'rec-000001' });
        expect(count(effects, 'annotateRecord')).toBe(1);
        expect(count(effects, 'clearAnnotation')).toBe(final.state === 'closed' ? 1 : 0);
      }
    });

    test('厦门办法第二十六条: every suspension is lifted by the result or by closing; never twice', () => {
      for (const { final, effects } of runs) {
        const suspended = count(effects, 'suspendRecord') - count(effects, 'unsuspendRecord');
        expect(suspended).toBe(final.suspended ? 1 : 0);
        expect(count(effects, 'suspendRecord')).toBeLessThanOrEqual(1);
      }
    });

    test('every verification task opened is closed once the case is closed', () => {
      for (const { final, effects } of runs) {
        const open = count(effects, 'openTask') - count(effects, 'closeTask');
        expect(open).toBe(final.state === 'verify' ? 1 : 0);
      }
    });

    test('the record changes only as the outcome says (nothing is deleted unless upheld as delete)', () => {
      for (const { final, effects } of runs) {
        const writes = count(effects, 'writeRecordVersion');
        const deletes = count(effects, 'markRecordDeleted');
        if (final.outcome === 'deleted') expect([writes, deletes]).toEqual([0, 1]);
        else if (final.outcome === 'corrected' || final.outcome === 'supplemented')
          expect([writes, deletes]).toEqual([1, 0]);
        else expect([writes, deletes]).toEqual([0, 0]);
      }
    });

    test('the applicant is told exactly once, when the case closes', () => {
      for (const { final, effects } of runs) {
        const told = effects.filter((e) => e.type === 'notify' && e.recipient === 'applicant').length;
        expect(told).toBe(final.state === 'closed' ? 1 : 0);
      }
    });

    test('allowedActions and refusal agree: an allowed action with a valid body is never refused', () => {
      const policy = policyFor(profile);
      for (const { final } of runs.slice(0, 300)) {
        for (const actor of actors) {
          for (const action of OBJECTION_ACTIONS) {
            const allowed = allowedActions(final, policy, actor).includes(action);
            const refused = refusal(final, { action, actor, body: VALID_BODIES[action] }, policy);
            expect([action, allowed]).toEqual([action, refused === null]);
          }
        }
      }
    });

    test('random runs reach every outcome (the generator explores the machine)', () => {
      const outcomes = new Set(runs.map((r) => r.final.outcome));
      expect([...outcomes].filter(Boolean).sort()).toEqual(
        ['corrected', 'deleted', 'kept', 'rejected', 'supplemented', 'withdrawn'].sort(),
      );
    });
  },
);
