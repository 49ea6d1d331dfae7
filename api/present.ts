import { toShanghaiIso } from '../domain/calendar';

/** Instants are stored in UTC and shown to people in Asia/Shanghai (+08:00). */
export function shown(instant: string): string;
export function shown(instant: string | null): string | null;
export function shown(instant: string | null): string | null {
  return instant === null ? null : toShanghaiIso(instant);
}
