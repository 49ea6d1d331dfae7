/**
 * A correction (更正) writes a record's next version. Sent as a whole new content, it would silently
 * drop every field the sender left out (issue 13: entering only `summary` dropped `title`,
 * `decisionNumber` and `basis`). So a correction either merges into the current content, or names
 * each field it removes; anything else is refused with the list of fields that would go.
 */
export interface CorrectionRequest {
  content: Record<string, unknown>;
  /** Fields of the current content to drop, each named on purpose. */
  removeFields?: string[];
  /** Keep the current fields not in `content` (only `removeFields` are dropped). */
  merge?: boolean;
}

export type CorrectionOutcome =
  | { ok: true; content: Record<string, unknown> }
  | { ok: false; field: string; message: string; removedFields: string[] };

/** The record's next content, or why the correction is refused. Pure: current content is an argument. */
export function resolveCorrection(
  current: Record<string, unknown>,
  req: CorrectionRequest,
): CorrectionOutcome {
  const removeFields = req.removeFields ?? [];
  const contradictory = removeFields.filter((f) => Object.hasOwn(req.content, f));
  if (contradictory.length > 0) {
    return {
      ok: false,
      field: 'removeFields',
      message: `removeFields names fields that content also sets: ${contradictory.join(', ')}`,
      removedFields: [],
    };
  }
  const base = req.merge ? current : {};
  const content = Object.fromEntries(
    Object.entries({ ...base, ...req.content }).filter(([k]) => !removeFields.includes(k)),
  );
  const unannounced = Object.keys(current).filter(
    (k) => !Object.hasOwn(content, k) && !removeFields.includes(k),
  );
  if (unannounced.length > 0) {
    return {
      ok: false,
      field: 'content',
      message:
        `这次更正会删除字段 ${unannounced.join('、')}：请在 removeFields 中列明，或使用 merge / ` +
        `This correction would remove ${unannounced.join(', ')}: list them in removeFields, or set merge`,
      removedFields: unannounced,
    };
  }
  if (Object.keys(content).length === 0) {
    return {
      ok: false,
      field: 'content',
      message: 'the corrected content would be empty',
      removedFields: [],
    };
  }
  return { ok: true, content };
}
