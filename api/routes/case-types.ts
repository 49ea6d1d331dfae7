import { Router } from 'express';
import { describePeriod } from '../../domain/calendar';
import { requireStaff } from '../auth';
import type { AppDeps } from '../app';

/**
 * GET /api/case-types — what the console shows of each case type: names of its states, stages, outcomes
 * and actions, and the period the running profile gives each stage. The console keeps no copy of these.
 */
export function caseTypesRouter(deps: AppDeps): Router {
  const router = Router();
  router.use(requireStaff());
  router.get('/', (_req, res) => {
    res.json({
      profile: { id: deps.policy.id, name: deps.policy.name },
      escalation: deps.policy.escalation,
      items: [...deps.caseTypes.values()].map(({ caseType, stagePeriods, filing }) => {
        const periods = stagePeriods(deps.policy);
        return {
          type: caseType.type,
          label: caseType.label,
          filingPath: filing ? `/api/${filing.path}` : null,
          states: caseType.states,
          outcomes: caseType.outcomes,
          stages: Object.fromEntries(
            Object.entries(caseType.stages).map(([name, { zh, en, sla }]) => [
              name,
              {
                label: { zh, en },
                sla: sla !== false,
                period: periods[name] ?? null,
                periodText: periods[name] ? describePeriod(periods[name]) : null,
              },
            ]),
          ),
          actions: Object.fromEntries(
            Object.entries(caseType.actions).map(([name, spec]) => [
              name,
              { label: spec.label, by: spec.by },
            ]),
          ),
        };
      }),
    });
  });
  return router;
}
