import { z } from 'zod';
import { parseSubjectId } from '../domain/subject-id';
import { validationFailed } from './problems';

/** Parses request input with its route's schema; a failure names every offending field (422). */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  where: 'body' | 'query' | 'path',
): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw validationFailed(
    result.error.issues.map((issue) => ({
      field: [where, ...issue.path.map(String)].join('.'),
      message: issue.message,
    })),
  );
}

/** A 统一社会信用代码 (GB 32100) or 居民身份证号 (GB 11643) whose check digit holds. */
export const subjectIdText = z
  .string()
  .trim()
  .refine((s) => parseSubjectId(s).ok, '统一社会信用代码 or 身份证号 with a valid check digit is required');
