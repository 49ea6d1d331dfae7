import { Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { optOutsOf, revokeOptOuts } from '../../db/opt-outs';
import { reasonText } from '../../domain/cases/registry';
import type { AppDeps } from '../app';
import { currentUser, requireRole } from '../auth';
import { Problem } from '../problems';
import { parseInput, subjectIdText } from '../validation';

/**
 * 守信信息不公开 (厦门办法第二十七条), the standing part: while a subject's opt-out is in force its later
 * positive records are withheld too, "until the subject says otherwise" — a clerk records that here.
 */
const subjectPath = z.object({ subjectId: subjectIdText });
export const revokeOptOutBody = z.object({ reason: reasonText });

async function optOutView(knex: Knex, subjectId: string) {
  const optOuts = await optOutsOf(knex, subjectId);
  return { subjectId, inForce: optOuts.some((o) => o.revokedAt === null), optOuts };
}

export function optOutsRouter(deps: AppDeps): Router {
  const { knex } = deps.db;
  const router = Router();
  router.get('/:subjectId', requireRole('clerk', 'supervisor', 'admin'), async (req, res) => {
    const { subjectId } = parseInput(subjectPath, req.params, 'path');
    res.json(await optOutView(knex, subjectId));
  });
  router.post('/:subjectId/revoke', requireRole('clerk'), async (req, res) => {
    const { subjectId } = parseInput(subjectPath, req.params, 'path');
    const { reason } = parseInput(revokeOptOutBody, req.body, 'body');
    const user = currentUser(req);
    const revoked = await revokeOptOuts(knex, {
      subjectId,
      reason,
      at: deps.clock.now().toISOString(),
      actor: { role: user.role, userId: user.id },
    });
    if (revoked === 0) {
      throw new Problem('conflict', {
        detail: `subject ${subjectId} has no non-disclosure opt-out in force`,
      });
    }
    res.json(await optOutView(knex, subjectId));
  });
  return router;
}
