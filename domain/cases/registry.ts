import { z } from 'zod';
import type { CaseCore, CaseInput, CaseMachine } from './machine';

export interface Label {
  zh: string;
  en: string;
}

/** One action of a case type: who takes it and the body it takes (API, OpenAPI and workflow share it). */
export interface ActionSpec {
  /** A clerk of the credit center, or the provider unit that answers for the open stage. */
  by: 'clerk' | 'unit';
  body: z.ZodType<Record<string, unknown>>;
  label: Label;
  /** Who does it when, for the API document. */
  doc?: string;
  /** JSON Schema the body's zod schema cannot say (e.g. a conditional requirement), for the document. */
  schemaExtras?: Record<string, unknown>;
}

/** The reason a person gives for a decision (refuse, deny, decline, dismiss): required plain text. */
export const reasonText = z.string().trim().min(1, 'reason is required').max(2000);

/** `by` takes the action named `zh`/`en` with `body`; `doc` says who does it when (for the API document). */
export function action(
  by: ActionSpec['by'],
  body: ActionSpec['body'],
  zh: string,
  en: string,
  doc: string | Pick<ActionSpec, 'doc' | 'schemaExtras'>,
): ActionSpec {
  return { by, body, label: { zh, en }, ...(typeof doc === 'string' ? { doc } : doc) };
}

/** Every filed case's withdrawal (API.md): a clerk on the applicant's behalf, any open stage. */
export const clerkWithdraw = action(
  'clerk',
  z.object({ reason: reasonText.optional() }),
  '撤回',
  'Withdraw',
  'Clerk on the applicant’s behalf, any open stage.',
);

/**
 * A case type as the platform knows it: its machine, its actions with their body schemas, and the names
 * people read. The routes, the OpenAPI document, the SLA views and the console all read these entries;
 * adding a type is one machine module plus its entry.
 */
export interface CaseType<I extends CaseInput = CaseInput, C extends CaseCore = CaseCore, D = unknown> {
  type: string;
  /** The workflow function's name in the worker's bundle (workflows/index.ts). */
  workflowType: string;
  label: Label;
  states: Record<string, Label>;
  /** Stage names; `sla: false` marks a period that just runs (an announcement), never breached. */
  stages: Record<string, Label & { sla?: false }>;
  outcomes: Record<string, Label>;
  actions: Record<string, ActionSpec>;
  machine: CaseMachine<I, C, D>;
}

// The registry holds types of every shape; each entry is checked against its own machine where it is made.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCaseType = CaseType<any, any, any>;
