import { nonDisclosureType } from './non-disclosure-type';
import { objectionType } from './objection-type';
import { caseTypeRegistry } from './registry';
import { repairType } from './repair-type';

/** Every case type the product runs. */
export const CASE_TYPES = caseTypeRegistry(objectionType, repairType, nonDisclosureType);
