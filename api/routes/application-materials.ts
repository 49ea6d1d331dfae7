import { Router } from 'express';
import { z } from 'zod';
import { appendAudit } from '../../db/audit';
import { MATERIAL_KINDS, materialsRetainUntil, mayReadArchive } from '../../domain/archive';
import { shanghaiDate } from '../../domain/calendar';
import { currentUser, requireRole, requireStaff, type User } from '../auth';
import type { AppDeps } from '../app';
import { forbidden, notFound, validationFailed } from '../problems';
import { shown } from '../present';
import { randomCode } from '../report-service';
import { parseInput } from '../validation';
import { subjectIdField } from './reports';

export const materialBody = z.object({
  applicant: z.object({ name: z.string().trim().min(1).max(200), idNumber: subjectIdField }),
  subjectId: subjectIdField,
  documents: z
    .array(
      z.object({
        kind: z.enum(MATERIAL_KINDS),
        reference: z.string().trim().min(1).max(500), // where the original or the scan is filed
      }),
    )
    .min(1)
    .max(20),
  reportCode: z.string().trim().min(1).max(32).optional(),
});

export const grantBody = z.object({
  userId: z.string().trim().min(1).max(64),
  reason: z.string().trim().min(1).max(500),
  expiresOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a YYYY-MM-DD date (Asia/Shanghai)'),
});

interface MaterialRow {
  id: string;
  applicant_name: string;
  applicant_id: string;
  subject_id: string;
  documents: string;
  report_code: string | null;
  received_at: string;
  received_by: string;
  retain_until: string;
}

const present = (r: MaterialRow) => ({
  id: r.id,
  applicant: { name: r.applicant_name, idNumber: r.applicant_id },
  subjectId: r.subject_id,
  documents: JSON.parse(r.documents),
  reportCode: r.report_code,
  receivedAt: shown(r.received_at),
  receivedBy: r.received_by,
  retainUntil: r.retain_until,
});

/**
 * 厦门查询规则第十三条: the archive of query application materials. A clerk files what an applicant brought
 * (kept five years: retainUntil); reading it takes the supervisor's grant. Every read and every refused read
 * goes to the hash-chained audit log.
 */
export function applicationMaterialsRouter(deps: AppDeps): Router {
  const { knex } = deps.db;
  const router = Router();
  const now = () => deps.clock.now().toISOString();
  const audit = (user: User, action: string, id: string, detail: unknown = {}) =>
    appendAudit(knex, {
      at: now(),
      actorRole: user.role,
      actorId: user.id,
      action,
      entityType: 'application-material',
      entityId: id,
      detail,
    });

  router.post('/', requireRole('clerk'), async (req, res) => {
    const body = parseInput(materialBody, req.body, 'body');
    const user = currentUser(req);
    if (body.reportCode && !(await knex('reports').where({ code: body.reportCode }).first('code'))) {
      throw validationFailed([{ field: 'body.reportCode', message: `no report ${body.reportCode}` }]);
    }
    const at = now();
    const row: MaterialRow = {
      id: `AM-${randomCode(12)}`,
      applicant_name: body.applicant.name,
      applicant_id: body.applicant.idNumber,
      subject_id: body.subjectId,
      documents: JSON.stringify(body.documents),
      report_code: body.reportCode ?? null,
      received_at: at,
      received_by: user.id,
      retain_until: materialsRetainUntil(shanghaiDate(at)),
    };
    await knex('application_materials').insert(row);
    await audit(user, 'archive.file', row.id, { subjectId: row.subject_id, retainUntil: row.retain_until });
    res.status(201).json(present(row));
  });

  router.get('/:id', requireStaff(), async (req, res) => {
    const user = currentUser(req);
    const row: MaterialRow | undefined = await knex('application_materials')
      .where({ id: req.params.id })
      .first();
    if (!row) throw notFound(`application material ${req.params.id}`);
    const grants = await knex('archive_grants')
      .where({ material_id: row.id, user_id: user.id })
      .select({ userId: 'user_id', expiresOn: 'expires_on' });
    if (!mayReadArchive(user, grants, shanghaiDate(now()))) {
      await audit(user, 'archive.read-refused', row.id);
      throw forbidden('厦门查询规则第十三条: reading the archive needs the supervisor’s grant');
    }
    await audit(user, 'archive.read', row.id);
    res.json(present(row));
  });

  router.post('/:id/grants', requireRole('supervisor'), async (req, res) => {
    const body = parseInput(grantBody, req.body, 'body');
    const user = currentUser(req);
    if (!(await knex('application_materials').where({ id: req.params.id }).first('id')))
      throw notFound(`application material ${req.params.id}`);
    const today = shanghaiDate(now());
    const errors = [];
    if (!(await knex('users').where({ id: body.userId }).first('id')))
      errors.push({ field: 'body.userId', message: `no user ${body.userId}` });
    if (body.expiresOn < today)
      errors.push({ field: 'body.expiresOn', message: `not before today (${today})` });
    if (errors.length > 0) throw validationFailed(errors);
    const grant = {
      material_id: String(req.params.id),
      user_id: body.userId,
      reason: body.reason,
      expires_on: body.expiresOn,
      granted_at: now(),
      granted_by: user.id,
    };
    await knex('archive_grants').insert(grant);
    await audit(user, 'archive.grant', grant.material_id, { userId: body.userId, expiresOn: body.expiresOn });
    res.status(201).json({
      materialId: grant.material_id,
      userId: grant.user_id,
      reason: grant.reason,
      expiresOn: grant.expires_on,
      grantedAt: shown(grant.granted_at),
      grantedBy: grant.granted_by,
    });
  });

  return router;
}
