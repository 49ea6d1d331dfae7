import { noticeType } from './notice';
import { objectionType } from './objection-type';
import { caseTypeRegistry } from './registry';

/** Every case type the product runs. */
export const CASE_TYPES = caseTypeRegistry(objectionType, noticeType);
