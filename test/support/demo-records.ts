import { createRecord, type NewRecord } from '../../db/records';
import type { TestApp } from './app';

/** The demo organisation's subject id (the `demo-subject-org` token's subject). */
export async function demoSubjectId(t: TestApp): Promise<string> {
  return (await t.as('demo-subject-org').get('/api/me')).body.subjectId;
}

/** Seeds record `id` of unit-a for the subject, decided 2026-05-01 and stored 2026-09-29, with `fields` applied. */
export async function seedRecord(
  t: TestApp,
  id: string,
  fields: Pick<NewRecord, 'subjectId' | 'category' | 'listType' | 'content'> & Partial<NewRecord>,
): Promise<string> {
  await createRecord(t.db.knex, {
    id,
    subjectName: '演示企业',
    providerUnitId: 'unit-a',
    decidedOn: '2026-05-01',
    disclosure: 'public',
    at: '2026-09-29T00:00:00.000Z',
    actor: { role: 'system', userId: null },
    ...fields,
  });
  return id;
}

/** How the clerk sees a record's visibility. */
export async function visibilityOf(t: TestApp, id: string) {
  return (await t.as('demo-clerk').get(`/api/records/${id}`)).body.visibility;
}
