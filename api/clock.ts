/** Where the API gets "now": the wall clock in production, the engine's virtual clock in tests. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
