/**
 * Identifiers of a 信用主体 (credit subject): 统一社会信用代码 for organisations (GB 32100-2015) and
 * 公民身份号码 for persons (GB 11643-1999, check digit by ISO 7064 MOD 11-2). Pure: no I/O, no clock.
 *
 * Only the format and check digit are verified: whether the code was ever issued is a question for the
 * issuing register, not for this platform.
 */

export type SubjectKind = 'organization' | 'person';

/** Why an identifier was refused; stable strings, safe to show in problem details. */
export type SubjectIdRefusal = 'length' | 'charset' | 'check-digit' | 'birth-date' | 'ambiguous';

export type SubjectIdResult =
  | { ok: true; kind: SubjectKind; id: string }
  | { ok: false; reason: SubjectIdRefusal; kind: SubjectKind | null };

const ID_LENGTH = 18;

// GB 32100-2015: 31 code characters, the digits and the capitals without I, O, S, V, Z; each character's
// value is its position in this string.
const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

// GB 11643-1999 (ISO 7064 MOD 11-2): weight of position i is 2^(17-i) mod 11.
const RESIDENT_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const RESIDENT_ID_CHECK_CHARS = '10X98765432';

// Bounds on the year of birth: the standard's own example is born in 1880; 2099 keeps an all-digit
// organisation code whose positions 7–14 happen to read like a far-future date from passing as a person.
const MIN_BIRTH_YEAR = 1800;
const MAX_BIRTH_YEAR = 2099;

/** GB 32100-2015: the 18th character of a 统一社会信用代码, from the first 17. */
export function creditCodeCheckChar(first17: string): string {
  if (first17.length !== ID_LENGTH - 1) throw new RangeError('creditCodeCheckChar needs 17 characters');
  let sum = 0;
  for (let i = 0; i < first17.length; i++) {
    const value = CREDIT_CODE_CHARSET.indexOf(first17[i]);
    if (value < 0) throw new RangeError(`"${first17[i]}" is not a 统一社会信用代码 character`);
    sum += value * CREDIT_CODE_WEIGHTS[i];
  }
  const check = 31 - (sum % 31);
  return CREDIT_CODE_CHARSET[check === 31 ? 0 : check];
}

/** GB 11643-1999 / ISO 7064 MOD 11-2: the 18th character of a 身份证号, from the first 17 digits. */
export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('residentIdCheckChar needs 17 digits');
  let sum = 0;
  for (let i = 0; i < first17.length; i++) sum += Number(first17[i]) * RESIDENT_ID_WEIGHTS[i];
  return RESIDENT_ID_CHECK_CHARS[sum % 11];
}

/** Validates a 统一社会信用代码. Lower-case letters are accepted and returned upper-cased. */
export function parseCreditCode(input: string): SubjectIdResult {
  const id = input.toUpperCase();
  const kind = 'organization';
  if (id.length !== ID_LENGTH) return { ok: false, reason: 'length', kind };
  for (const ch of id) if (!CREDIT_CODE_CHARSET.includes(ch)) return { ok: false, reason: 'charset', kind };
  if (creditCodeCheckChar(id.slice(0, 17)) !== id[17]) return { ok: false, reason: 'check-digit', kind };
  return { ok: true, kind, id };
}

/** Validates an 18-digit 居民身份证号 (the 15-digit pre-1999 form is not accepted). */
export function parseResidentId(input: string): SubjectIdResult {
  const id = input.toUpperCase();
  const kind = 'person';
  if (id.length !== ID_LENGTH) return { ok: false, reason: 'length', kind };
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, reason: 'charset', kind };
  if (!isBirthDate(id.slice(6, 14))) return { ok: false, reason: 'birth-date', kind };
  if (residentIdCheckChar(id.slice(0, 17)) !== id[17]) return { ok: false, reason: 'check-digit', kind };
  return { ok: true, kind, id };
}

/**
 * Validates a subject identifier. Pass `kind` when the caller knows it (a form field, an import column):
 * an all-digit string can be well-formed as both kinds, and without the hint that case is refused as
 * 'ambiguous' rather than guessed. Without a hint, a refusal reports the kind the string most looks like.
 */
export function parseSubjectId(input: string, kind?: SubjectKind): SubjectIdResult {
  if (kind === 'organization') return parseCreditCode(input);
  if (kind === 'person') return parseResidentId(input);
  const asOrganization = parseCreditCode(input);
  const asPerson = parseResidentId(input);
  if (asOrganization.ok && asPerson.ok) return { ok: false, reason: 'ambiguous', kind: null };
  if (asOrganization.ok) return asOrganization;
  if (asPerson.ok) return asPerson;
  // Both refused: a person's number is digits with an optional final X and a plausible birth date.
  const looksLikePerson = /^\d{17}[\dXx]$/.test(input) && asPerson.reason !== 'birth-date';
  return looksLikePerson ? asPerson : asOrganization;
}

function isBirthDate(yyyymmdd: string): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (year < MIN_BIRTH_YEAR || year > MAX_BIRTH_YEAR || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}
