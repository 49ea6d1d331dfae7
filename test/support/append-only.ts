/**
 * What a trigger's refusal looks like. Matched on the message, not with toThrow: better-sqlite3 raises
 * its errors from another realm than jest's, so they fail jest's "is an Error" check intermittently.
 */
export const APPEND_ONLY_REFUSAL = { message: expect.stringMatching(/append-only/) };
