/**
 * How deep and how wide a parsed JSON value is, measured without recursion: a body nested 10,000 deep
 * would overflow the stack of a recursive walk (and of the payload converter that later serializes it).
 */
export interface JsonShape {
  /** Nesting depth: a scalar is 0, `{}` and `[]` are 1, `{"a":[1]}` is 2. */
  depth: number;
  /** Object keys and array items counted over the whole value. */
  members: number;
}

/** The shape of `value`, stopping early once `depth` passes `stopAfterDepth` (the answer is then "too deep"). */
export function jsonShape(value: unknown, stopAfterDepth = Infinity): JsonShape {
  let depth = 0;
  let members = 0;
  // Two stacks of objects only (scalars add no depth), not a pair per value: a 10,000-row batch body is
  // walked by every request.
  const nodes: unknown[] = [value];
  const levels: number[] = [0];
  while (nodes.length > 0) {
    const node = nodes.pop();
    const level = levels.pop()!;
    if (node === null || typeof node !== 'object') continue;
    depth = Math.max(depth, level + 1);
    if (depth > stopAfterDepth) break;
    const children: unknown[] = Array.isArray(node) ? node : Object.values(node);
    members += children.length;
    for (const child of children) {
      if (child !== null && typeof child === 'object') {
        nodes.push(child);
        levels.push(level + 1);
      }
    }
  }
  return { depth, members };
}

/** Bounds for free-form structured data such as a record's `content`: generous for real records. */
export const CONTENT_LIMITS = { depth: 8, members: 500 } as const;

/** Why `value` is too deep or too wide for free-form content, or null if it fits. */
export function contentTooLarge(value: unknown, limits: JsonShape = CONTENT_LIMITS): string | null {
  const shape = jsonShape(value, limits.depth);
  if (shape.depth > limits.depth) return `content may be nested at most ${limits.depth} levels deep`;
  if (shape.members > limits.members) return `content may hold at most ${limits.members} keys and items`;
  return null;
}
