import type { Knex } from 'knex';
import { hashToken } from '../api/auth';
import { stateCouncilArrangements } from './calendar-source';
import { importArrangements } from './calendar';

/** Reference data every deployment needs: the State Council working-day arrangements. */
export async function seedReferenceData(knex: Knex, at: string): Promise<void> {
  await importArrangements(knex, stateCouncilArrangements(), at);
}

export const DEMO_UNITS = [
  { id: 'unit-a', name: '示例市市场监督管理局' },
  { id: 'unit-b', name: '示例市人力资源和社会保障局' },
] as const;

/** Fixed, documented tokens of the embedded demo. Never seeded into a real deployment. */
export const DEMO_USERS = [
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
] as const;

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
        token_hash: hashToken(user.token),
        disabled: false,
        created_at: at,
      });
    }
  }
}
