import { Router } from 'express';
import { z } from 'zod';
import {
  authorizationsQuery,
  getAuthorization,
  insertAuthorization,
  revokeAuthorization,
  toAuthorization,
  type Authorization,
} from '../../db/authorizations';
import { appendAudit } from '../../db/audit';
import {
  DEFAULT_AUTHORIZATION_USES,
  expiryRefusal,
  MAX_AUTHORIZATION_USES,
} from '../../domain/authorization';
import { shanghaiDate } from '../../domain/calendar';
import { currentUser, requireRole } from '../auth';
import type { AppDeps } from '../app';
import { listPage, paging } from '../paging';
import { shown } from '../present';
import { notFound, validationFailed } from '../problems';
import { randomCode } from '../report-service';
import { parseInput } from '../validation';

export const authorizationBody = z.object({
  purpose: z.string().trim().min(1).max(200),
  grantee: z.string().trim().min(1).max(200).optional(),
  expiresOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a YYYY-MM-DD date (Asia/Shanghai)'),
  maxUses: z.number().int().min(1).max(MAX_AUTHORIZATION_USES).default(DEFAULT_AUTHORIZATION_USES),
});

export const authorizationListQuery = z.object({ ...paging });

const present = (a: Authorization) => ({ ...a, issuedAt: shown(a.issuedAt), revokedAt: shown(a.revokedAt) });

/** `AQ-XXXX-XXXX-XXXX-XXXX`: 80 random bits, read aloud or typed from paper without ambiguity. */
const authorizationCode = () => `AQ-${randomCode(16).match(/.{4}/g)!.join('-')}`;

/**
 * 湖北平台 授权码 (厦门查询规则第六条第二项): a subject issues codes for third parties, lists and revokes its own.
 * Revocation sets a flag; nothing is deleted. Issuing and revoking go to the audit log.
 */
export function authorizationsRouter(deps: AppDeps): Router {
  const { knex } = deps.db;
  const router = Router();
  router.use(requireRole('subject'));
  const today = () => shanghaiDate(deps.clock.now().toISOString());

  router.post('/', async (req, res) => {
    const body = parseInput(authorizationBody, req.body, 'body');
    const refusal = expiryRefusal(body.expiresOn, today());
    if (refusal) throw validationFailed([{ field: 'body.expiresOn', message: refusal }]);
    const user = currentUser(req);
    const at = deps.clock.now().toISOString();
    const code = authorizationCode();
    await knex.transaction(async (trx) => {
      await insertAuthorization(trx, {
        code,
        subjectId: user.subjectId!,
        purpose: body.purpose,
        grantee: body.grantee ?? null,
        expiresOn: body.expiresOn,
        maxUses: body.maxUses,
        issuedAt: at,
        issuedBy: user.id,
      });
      await appendAudit(trx, {
        at,
        actorRole: user.role,
        actorId: user.id,
        action: 'authorization.issue',
        entityType: 'authorization',
        entityId: code,
        detail: {
          purpose: body.purpose,
          grantee: body.grantee ?? null,
          expiresOn: body.expiresOn,
          maxUses: body.maxUses,
        },
        reason: null,
      });
    });
    res.status(201).json(present((await getAuthorization(knex, code, today()))!));
  });

  router.get('/', async (req, res) => {
    const q = parseInput(authorizationListQuery, req.query, 'query');
    const user = currentUser(req);
    const query = authorizationsQuery(knex).where('a.subject_id', user.subjectId);
    const day = today();
    res.json(
      await listPage(
        knex.from(query.as('x')),
        q,
        (rows) =>
          rows.orderBy([
            { column: 'issued_at', order: 'desc' },
            { column: 'code', order: 'asc' },
          ]),
        (row: Parameters<typeof toAuthorization>[0]) => present(toAuthorization(row, day)),
      ),
    );
  });

  /** Another subject's code is "not found", never "forbidden": codes are not probed through this route. */
  router.post('/:code/revoke', async (req, res) => {
    const user = currentUser(req);
    const existing = await getAuthorization(knex, req.params.code, today());
    if (!existing || existing.subjectId !== user.subjectId)
      throw notFound(`authorization ${req.params.code}`);
    if (existing.revokedAt === null) {
      const at = deps.clock.now().toISOString();
      await knex.transaction(async (trx) => {
        await revokeAuthorization(trx, existing.code, at, user.id);
        await appendAudit(trx, {
          at,
          actorRole: user.role,
          actorId: user.id,
          action: 'authorization.revoke',
          entityType: 'authorization',
          entityId: existing.code,
          detail: {},
          reason: null,
        });
      });
    }
    res.json(present((await getAuthorization(knex, existing.code, today()))!));
  });

  return router;
}
