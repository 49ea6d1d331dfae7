import crypto from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Knex } from 'knex';
import { Problem } from './problems';

export type StaffRole = 'clerk' | 'provider' | 'supervisor' | 'admin';
/** Staff, and `subject`: a 信用主体 signed in after identity verification (000 第六条第一项). */
export type Role = StaffRole | 'subject';
export const STAFF_ROLES: readonly StaffRole[] = ['clerk', 'provider', 'supervisor', 'admin'];
export const ROLES: readonly Role[] = [...STAFF_ROLES, 'subject'];

export interface User {
  id: string;
  name: string;
  role: Role;
  /** Set for providers: the 信息提供单位 whose tasks and records they see. */
  unitId: string | null;
  /** Set for subjects: the 统一社会信用代码 / 身份证号 whose records are "its own". */
  subjectId: string | null;
}

declare module 'express-serve-static-core' {
  interface Request {
    user?: User;
  }
}

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * The user behind the request's `Authorization` header: undefined when there is none (an anonymous caller),
 * a 401 problem when there is one that is malformed or unknown — a caller who presents credentials is
 * never silently treated as anonymous.
 */
export async function identify(knex: Knex, req: Request): Promise<User | undefined> {
  const header = req.get('authorization');
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new Problem('unauthenticated', { detail: 'Send Authorization: Bearer <token>' });
  const row = await knex('users')
    .where({ token_hash: hashToken(match[1]), disabled: false })
    .first('id', 'name', 'role', 'unit_id', 'subject_id');
  if (!row) throw new Problem('unauthenticated', { detail: 'Unknown or disabled token' });
  return { id: row.id, name: row.name, role: row.role, unitId: row.unit_id, subjectId: row.subject_id };
}

/** Resolves `Authorization: Bearer <token>` to a user; 401 without one or with an unknown token. */
export function authenticate(knex: Knex): RequestHandler {
  return async (req: Request, _res: Response, next: NextFunction) => {
    try {
      const user = await identify(knex, req);
      if (!user) throw new Problem('unauthenticated', { detail: 'Send Authorization: Bearer <token>' });
      req.user = user;
      next();
    } catch (err) {
      next(err);
    }
  };
}

/** The signed-in user; only valid behind authenticate(). */
export function currentUser(req: Request): User {
  if (!req.user) throw new Problem('unauthenticated');
  return req.user;
}

export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    const user = currentUser(req);
    if (!roles.includes(user.role)) {
      return next(
        new Problem('forbidden', {
          detail: `Role ${user.role} may not do this; allowed: ${roles.join(', ')}`,
        }),
      );
    }
    next();
  };
}

/** Every signed-in staff role: the guard of the read routes (a subject is not staff). */
export const requireStaff = (): RequestHandler => requireRole(...STAFF_ROLES);

export const isStaff = (user: User | undefined): boolean =>
  user !== undefined && (STAFF_ROLES as readonly Role[]).includes(user.role);
