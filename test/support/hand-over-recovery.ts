import { recoverHandOvers } from '../../api/hand-over-recovery';
import { policyFor } from '../../domain/policy';
import type { TestApp } from './app';

/** What `npm start` does at start-up (api/hand-over-recovery.ts), over the story's database and engine. */
export const recoverHandOversOf = (t: TestApp) =>
  recoverHandOvers({
    db: t.db,
    engine: t.engine,
    policy: policyFor('xiamen'),
    clock: { now: () => new Date(t.now()) },
  });
