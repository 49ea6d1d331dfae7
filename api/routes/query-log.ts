import { Router } from 'express';
import { z } from 'zod';
import { queryLogQuery, toQueryLogEntry } from '../../db/query-log';
import { currentUser, requireRole } from '../auth';
import type { AppDeps } from '../app';
import { listPage, paging } from '../paging';
import { shown } from '../present';
import { parseInput } from '../validation';
import { subjectIdField } from './reports';

export const queryLogListQuery = z.object({ subjectId: subjectIdField.optional(), ...paging });

/**
 * 厦门查询规则第十二条: the log, newest first, refusals included; read-only — no route changes an entry.
 * A subject sees who queried it and why (its own entries only, whatever it asks for); a provider sees the
 * queries its own unit made; the credit center, supervisors and admins see all.
 */
export function queryLogRouter(deps: AppDeps): Router {
  const router = Router();
  router.get('/', requireRole('clerk', 'provider', 'supervisor', 'admin', 'subject'), async (req, res) => {
    const q = parseInput(queryLogListQuery, req.query, 'query');
    const user = currentUser(req);
    if (user.role === 'subject' && q.subjectId !== undefined && q.subjectId !== user.subjectId) {
      return res.json({ items: [], page: q.page, pageSize: q.pageSize, total: 0 });
    }
    const query = queryLogQuery(deps.db.knex, {
      subjectId: user.role === 'subject' ? user.subjectId! : q.subjectId,
      actorUnitId: user.role === 'provider' ? user.unitId! : undefined,
    });
    res.json(
      await listPage(
        query,
        q,
        (rows) => rows.orderBy('id', 'desc'),
        (row: Parameters<typeof toQueryLogEntry>[0]) => {
          const entry = toQueryLogEntry(row);
          return { ...entry, at: shown(entry.at) };
        },
      ),
    );
  });
  return router;
}
