import { z } from 'zod';
import { contentTooLarge } from '../json-shape';
import { action, clerkWithdraw, reasonText, type ActionSpec } from './registry';

const reason = reasonText;
const note = z.string().trim().max(2000).optional();
/** Record content is structured data (a JSON object), written as the record's next version. */
const content = z
  .record(z.string(), z.unknown())
  .refine((o) => Object.keys(o).length > 0, 'content is empty')
  .superRefine((o, ctx) => {
    const tooLarge = contentTooLarge(o);
    if (tooLarge) ctx.addIssue({ code: 'custom', message: tooLarge });
  });

/** How a correction treats the fields of the current content it does not set (domain/cases/correction). */
const keepOrRemove = {
  removeFields: z
    .array(z.string().min(1).max(64))
    .max(100)
    .optional()
    .describe(
      '要删除的现有字段（每行一项） · fields of the current content to remove, each named on purpose',
    ),
  merge: z
    .boolean()
    .optional()
    .describe('保留未填写的现有字段 · keep the current fields that content does not set'),
};

const clerk = (body: ActionSpec['body'], zh: string, en: string, doc: Parameters<typeof action>[4]) =>
  action('clerk', body, zh, en, doc);
const unit = (body: ActionSpec['body'], zh: string, en: string, doc: Parameters<typeof action>[4]) =>
  action('unit', body, zh, en, doc);

/** The objection's actions, who takes them and their bodies (API.md, "Cases"). */
export const OBJECTION_ACTIONS: Record<string, ActionSpec> = {
  forward: clerk(
    z.object({ unitId: z.string().trim().min(1).max(64).optional(), note }),
    '转交核查',
    'Forward for verification',
    { doc: 'Clerk, stage compare: send the objection to the provider unit (or `unitId`) to verify.' },
  ),
  correct: clerk(z.object({ content, reason, ...keepOrRemove }), '比对更正', 'Correct after comparison', {
    doc: 'Clerk, stage compare: the center’s copy was wrong; write `content` as the next version.',
  }),
  reject: clerk(z.object({ reason }), '不予受理', 'Reject', {
    doc: 'Clerk, stage compare: the record matches its source; close as rejected.',
  }),
  uphold: unit(
    z
      .object({
        correction: z.enum(['correct', 'delete', 'supplement']),
        content: content.optional(),
        reason,
        ...keepOrRemove,
      })
      .refine((b) => b.correction === 'delete' || b.content !== undefined, {
        message: 'content is required to correct or supplement',
        path: ['content'],
      }),
    '核查属实',
    'Uphold',
    {
      doc: 'Provider unit asked to verify, stage verify: the objection holds; correct, delete or supplement.',
      schemaExtras: {
        description: '除“删除”外须提供 content · `content` is required unless `correction` is "delete"',
        if: { properties: { correction: { const: 'delete' } } },
        else: { required: ['content'] },
      },
    },
  ),
  dismiss: unit(z.object({ reason }), '核查不属实', 'Dismiss', {
    doc: 'Provider unit asked to verify, stage verify: the record stands.',
  }),
  process: clerk(z.object({ note }), '处理完毕', 'Process the result', {
    doc: 'Clerk, stage process: apply the verification result and notify the applicant.',
  }),
  withdraw: clerkWithdraw,
  pause: clerk(z.object({ reason }), '中止计时', 'Pause the deadline', {
    doc: 'Clerk, when the policy allows pauses (e.g. tianjin): the open deadline stops counting.',
  }),
  resume: clerk(z.object({}), '恢复计时', 'Resume', { doc: 'Clerk: the paused deadline counts again.' }),
};
