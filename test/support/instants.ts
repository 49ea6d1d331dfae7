import { testEngineKind } from './engines';

/**
 * An instant a workflow wrote, as a test expects it. On the in-process engine's virtual clock it is exact;
 * on a real server the workflow's clock has run on by the few milliseconds the server took to deliver
 * the task, so the instant must be the expected one or at most `toleranceMs` later, in +08:00.
 */
export function workflowInstant(expected: string, toleranceMs = 2_000): unknown {
  if (testEngineKind() === 'in-process') return expected;
  return new InstantShortlyAfter(expected, toleranceMs);
}

class InstantShortlyAfter {
  readonly $$typeof = Symbol.for('jest.asymmetricMatcher');
  constructor(
    private readonly expected: string,
    private readonly toleranceMs: number,
  ) {}

  asymmetricMatch(actual: unknown): boolean {
    if (typeof actual !== 'string' || !actual.endsWith('+08:00')) return false;
    const late = Date.parse(actual) - Date.parse(this.expected);
    return late >= 0 && late <= this.toleranceMs;
  }

  toString(): string {
    return `InstantShortlyAfter<${this.expected}>`;
  }

  toAsymmetricMatcher(): string {
    return this.toString();
  }
}
