import { Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { getRecord, listRecords, type CreditRecord } from '../../db/records';
import { currentUser, requireStaff, type User } from '../auth';
import type { AppDeps } from '../app';
import { paging } from '../paging';
import { notFound } from '../problems';
import { parseInput } from '../validation';

export const recordListQuery = z.object({
  subjectId: z.string().trim().min(1).max(18).optional(),
  providerUnitId: z.string().trim().min(1).max(64).optional(),
  category: z.enum(['dishonesty', 'positive', 'neutral']).optional(),
  ...paging,
});

/**
 * A provider sees its own unit's records, and a record another unit was asked to verify (it holds a task
 * on it); any other is "not found", never "forbidden".
 */
async function recordVisibleTo(knex: Knex, record: CreditRecord, user: User): Promise<boolean> {
  if (user.role !== 'provider' || record.providerUnitId === user.unitId) return true;
  return Boolean(await knex('tasks').where({ record_id: record.id, unit_id: user.unitId }).first('id'));
}

export function recordsRouter(deps: AppDeps): Router {
  const { knex } = deps.db;
  const router = Router();
  router.use(requireStaff());

  router.get('/', async (req, res) => {
    const q = parseInput(recordListQuery, req.query, 'query');
    const user = currentUser(req);
    if (user.role === 'provider' && q.providerUnitId && q.providerUnitId !== user.unitId) {
      return res.json({ items: [], page: q.page, pageSize: q.pageSize, total: 0 });
    }
    const providerUnitId = user.role === 'provider' ? user.unitId! : q.providerUnitId;
    const { items, total } = await listRecords(knex, { ...q, providerUnitId });
    res.json({ items, page: q.page, pageSize: q.pageSize, total });
  });

  router.get('/:id', async (req, res) => {
    const record = await getRecord(knex, req.params.id);
    if (!record || !(await recordVisibleTo(knex, record, currentUser(req))))
      throw notFound(`record ${req.params.id}`);
    res.json(record);
  });

  return router;
}
