import { keyAttentionApi } from './key-attention';
import { noticeApi } from './notice';
import { nonDisclosureApi } from './non-disclosure';
import { objectionApi } from './objection';
import { repairApi } from './repair';
import { apiCaseTypes } from './types';

/** Every case type the API serves. */
export const CASE_TYPES_API = apiCaseTypes(
  objectionApi,
  noticeApi,
  repairApi,
  nonDisclosureApi,
  keyAttentionApi,
);
