import { z } from 'zod';
import { contentTooLarge } from '../../domain/json-shape';

const reason = z.string().trim().min(1, 'reason is required').max(2000);
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

/** One body schema per objection action (API.md, "Cases"). */
export const OBJECTION_ACTION_BODIES: Record<string, z.ZodType<Record<string, unknown>>> = {
  forward: z.object({ unitId: z.string().trim().min(1).max(64).optional(), note }),
  correct: z.object({ content, reason, ...keepOrRemove }),
  reject: z.object({ reason }),
  uphold: z
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
  dismiss: z.object({ reason }),
  process: z.object({ note }),
  withdraw: z.object({ reason: reason.optional() }),
  pause: z.object({ reason }),
  resume: z.object({}),
};
