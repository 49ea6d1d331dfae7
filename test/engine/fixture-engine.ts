/** Shared setup of engine tests: the fixture workflows on the in-process engine, virtual time. */
import path from 'node:path';
import { stateCouncilArrangements } from '../../db/calendar-source';
import { WorkingCalendar } from '../../domain/calendar';
import { createFixtureActivities, type FixtureLog } from '../fixtures/activities';
import { scenario, type Scenario, type ScenarioOptions } from '../support/scenario';

export const fixtureWorkflows = path.join(__dirname, '..', 'fixtures', 'workflows.ts');
export const fixtureWorkflowsV2 = path.join(__dirname, '..', 'fixtures', 'workflows-v2.ts');
export const calendar = WorkingCalendar.from(stateCouncilArrangements());

export interface FixtureScenario extends Scenario {
  log: FixtureLog;
  /** Workflow `log.*` calls, e.g. the SDK's 'Workflow failed' warning. */
  workflowLogs: { level: string; message: string }[];
  /** Activity events recorded so far, e.g. ['opened', 'overdue']. */
  events(): string[];
}

export async function fixtureScenario(options: Partial<ScenarioOptions> = {}): Promise<FixtureScenario> {
  const log: FixtureLog = { events: [] };
  const workflowLogs: { level: string; message: string }[] = [];
  const s = await scenario({
    workflowsPath: fixtureWorkflows,
    activities: createFixtureActivities(log),
    calendar,
    workflowLog: (level, message) => void workflowLogs.push({ level, message }),
    sinks: { observed: { values: { fn: () => undefined } } },
    ...options,
  });
  return Object.assign(s, { log, workflowLogs, events: () => log.events.map((e) => e.event) });
}
