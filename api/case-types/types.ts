import type { Router } from 'express';
import type { z } from 'zod';
import type { AnyCaseType } from '../../domain/cases/registry';
import type { CaseSummary } from '../../domain/cases/summary';
import type { Policy } from '../../domain/policy';
import type { Period } from '../../domain/calendar';
import type { AppDeps } from '../app';
import type { User } from '../auth';

/**
 * A case type as the API serves it: the domain entry (machine, actions, labels) plus what only the API
 * can do — the route that files a case, the body preparation that needs the database, the details as
 * each viewer may see them.
 */
export interface ApiCaseType {
  caseType: AnyCaseType;
  /** `POST /api/<path>` files a case of this type: its route, body and how the document describes it. */
  filing?: {
    path: string;
    router(deps: AppDeps): Router;
    body: z.ZodType;
    summary: string;
    description: string;
  };
  /** An action's parsed body completed with what the database knows (e.g. the record's current content). */
  prepareAction?(
    deps: AppDeps,
    summary: CaseSummary,
    action: string,
    body: Record<string, unknown>,
  ): Promise<Record<string, unknown>>;
  /** What follows an accepted action outside the case (e.g. moving a record's expiry timer). */
  afterAction?(deps: AppDeps, summary: CaseSummary, action: string): Promise<void>;
  /** The type's details as `user` may see them (e.g. a provider sees no applicant's full identity number). */
  presentDetails?(details: unknown, user: User): Record<string, unknown>;
  /** The periods the profile gives each stage, for the console and the case-type document. */
  stagePeriods(policy: Policy): Record<string, Period>;
}

export type ApiCaseTypes = ReadonlyMap<string, ApiCaseType>;

export function apiCaseTypes(...types: ApiCaseType[]): ApiCaseTypes {
  return new Map(types.map((t) => [t.caseType.type, t]));
}
