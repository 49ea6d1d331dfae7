import { Router } from 'express';
import { z } from 'zod';
import { currentUser, requireRole } from '../auth';
import type { AppDeps } from '../app';
import { taskView } from '../case-presenter';
import { paging } from '../paging';
import { parseInput } from '../validation';

export const taskListQuery = z.object({
  status: z.enum(['open', 'done', 'cancelled']).optional(),
  ...paging,
});

/** A provider unit's inbox of verification tasks (others see every unit's). */
export function tasksRouter(deps: AppDeps): Router {
  const router = Router();
  router.get('/', requireRole('clerk', 'provider', 'supervisor', 'admin'), async (req, res) => {
    const q = parseInput(taskListQuery, req.query, 'query');
    const user = currentUser(req);
    const query = deps.db.knex('tasks').modify((b) => {
      if (q.status) b.where({ status: q.status });
      if (user.role === 'provider') b.where({ unit_id: user.unitId });
    });
    const counted = await query.clone().count({ n: '*' }).first();
    const rows = await query
      .clone()
      .orderBy([
        { column: 'due_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize);
    res.json({
      items: rows.map(taskView),
      page: q.page,
      pageSize: q.pageSize,
      total: Number(counted?.n ?? 0),
    });
  });
  return router;
}
