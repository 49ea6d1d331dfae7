import { Router } from 'express';
import { z } from 'zod';
import { currentUser, requireStaff } from '../auth';
import type { AppDeps } from '../app';
import { dueNow, taskView } from '../case-presenter';
import { listPage, paging } from '../paging';
import { parseInput } from '../validation';

export const taskListQuery = z.object({
  status: z.enum(['open', 'done', 'cancelled']).optional(),
  ...paging,
});

/** A provider unit's inbox of verification tasks (others see every unit's). */
export function tasksRouter(deps: AppDeps): Router {
  const router = Router();
  router.get('/', requireStaff(), async (req, res) => {
    const q = parseInput(taskListQuery, req.query, 'query');
    const user = currentUser(req);
    const query = deps.db.knex('tasks').modify((b) => {
      if (q.status) b.where({ status: q.status });
      if (user.role === 'provider') b.where({ unit_id: user.unitId });
    });
    const due = await dueNow(deps);
    res.json(
      await listPage(
        query,
        q,
        (rows) =>
          rows.orderBy([
            { column: 'due_at', order: 'asc' },
            { column: 'id', order: 'asc' },
          ]),
        (row: Record<string, string>) => {
          const task = taskView(row);
          return { ...task, due: task.status === 'open' ? due(task.dueAt) : null };
        },
      ),
    );
  });
  return router;
}
