import type { Knex } from 'knex';
import { hashToken, type Role } from '../api/auth';
import { stateCouncilArrangements } from './calendar-source';
import { importArrangements } from './calendar';
import { demoSubjects } from './demo-records';

/** Reference data every deployment needs: the State Council working-day arrangements. */
export async function seedReferenceData(knex: Knex, at: string): Promise<void> {
  await importArrangements(knex, stateCouncilArrangements(), at);
}

export const DEMO_UNITS = [
  { id: 'unit-a', name: '示例市市场监督管理局' },
  { id: 'unit-b', name: '示例市人力资源和社会保障局' },
] as const;

// The demo subjects that sign in: 示例顺达劳务派遣有限公司 owns rec-000059 (authorized) and rec-000060
// (government-shared) besides public ones; 测试甲's records include rec-000019.
const [ORG_SUBJECT, PERSON_SUBJECT] = [demoSubjects()[11], demoSubjects().find((s) => s.kind === 'person')!];

/** Fixed, documented tokens of the embedded demo. Never seeded into a real deployment. */
export const DEMO_USERS: readonly {
  id: string;
  name: string;
  role: Role;
  unitId: string | null;
  subjectId?: string;
  token: string;
}[] = [
  { id: 'demo-admin', name: '演示管理员', role: 'admin', unitId: null, token: 'demo-admin' },
  { id: 'demo-clerk', name: '演示受理员', role: 'clerk', unitId: null, token: 'demo-clerk' },
  { id: 'demo-supervisor', name: '演示主管', role: 'supervisor', unitId: null, token: 'demo-supervisor' },
  {
    id: 'demo-provider-a',
    name: '演示核查员甲',
    role: 'provider',
    unitId: 'unit-a',
    token: 'demo-provider-a',
  },
  {
    id: 'demo-provider-b',
    name: '演示核查员乙',
    role: 'provider',
    unitId: 'unit-b',
    token: 'demo-provider-b',
  },
  {
    id: 'demo-subject-org',
    name: ORG_SUBJECT.name,
    role: 'subject',
    unitId: null,
    subjectId: ORG_SUBJECT.id,
    token: 'demo-subject-org',
  },
  {
    id: 'demo-subject-person',
    name: PERSON_SUBJECT.name,
    role: 'subject',
    unitId: null,
    subjectId: PERSON_SUBJECT.id,
    token: 'demo-subject-person',
  },
];

/** Demo units and users (idempotent: rows that exist are left alone). */
export async function seedDemoUsers(knex: Knex, at: string): Promise<void> {
  for (const unit of DEMO_UNITS) {
    if (!(await knex('units').where({ id: unit.id }).first())) {
      await knex('units').insert({ ...unit, created_at: at });
    }
  }
  for (const user of DEMO_USERS) {
    if (!(await knex('users').where({ id: user.id }).first())) {
      await knex('users').insert({
        id: user.id,
        name: user.name,
        role: user.role,
        unit_id: user.unitId,
        subject_id: user.subjectId ?? null,
        token_hash: hashToken(user.token),
        disabled: false,
        created_at: at,
      });
    }
  }
}
