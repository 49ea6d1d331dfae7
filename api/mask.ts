/**
 * Personal identifiers (身份证号, mobile numbers) are shown to those who need them only: providers and
 * logs get them masked, keeping enough (region prefix, last four) to tell records apart.
 */

/** 3502**********1234: the first four and last four characters of an identity number. */
export function maskIdNumber(id: string): string {
  if (id.length <= 8) return '*'.repeat(id.length);
  return `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`;
}

/** 138****0000 */
export function maskPhone(phone: string): string {
  return phone.length <= 7 ? '*'.repeat(phone.length) : `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

// 18-digit 身份证号 (last character may be X) and 11-digit mainland mobile numbers, not inside longer runs.
const ID_NUMBER = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
const MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/g;

/** Free text (a log line, an error's stack) with identity and phone numbers masked. */
export function maskPersonalIds(text: string): string {
  return text.replace(ID_NUMBER, maskIdNumber).replace(MOBILE, maskPhone);
}
