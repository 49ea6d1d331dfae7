import crypto from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Knex } from 'knex';
import { Problem } from './problems';

export type Role = 'clerk' | 'provider' | 'supervisor' | 'admin';
export const ROLES: readonly Role[] = ['clerk', 'provider', 'supervisor', 'admin'];

export interface User {
  id: string;
  name: string;
  role: Role;
  /** Set for providers: the 信息提供单位 whose tasks and records they see. */
  unitId: string | null;
}

declare module 'express-serve-static-core' {
  interface Request {
    user?: User;
  }
}

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Resolves `Authorization: Bearer <token>` to a user; 401 without one or with an unknown token. */
export function authenticate(knex: Knex): RequestHandler {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
    if (!match) {
      return next(new Problem('unauthenticated', { detail: 'Send Authorization: Bearer <token>' }));
    }
    const row = await knex('users')
      .where({ token_hash: hashToken(match[1]), disabled: false })
      .first('id', 'name', 'role', 'unit_id');
    if (!row) return next(new Problem('unauthenticated', { detail: 'Unknown or disabled token' }));
    req.user = { id: row.id, name: row.name, role: row.role, unitId: row.unit_id };
    next();
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

/** Every signed-in staff role: the guard of the read routes (a future public/subject role is not staff). */
export const requireStaff = (): RequestHandler => requireRole('clerk', 'provider', 'supervisor', 'admin');
