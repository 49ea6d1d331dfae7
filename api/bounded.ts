/**
 * Runs `fn` over `items` with at most `inFlight` calls running at once: a 10,000-row batch is neither
 * 10,000 sequential round trips to the Temporal server nor 10,000 at once. The first failure rejects.
 */
export async function forEachBounded<T>(
  items: readonly T[],
  inFlight: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, items.length) }, lane));
}

/** Starts in flight at once when a request or start-up opens many workflows. */
export const STARTS_IN_FLIGHT = 32;
