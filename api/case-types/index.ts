import { noticeApi } from './notice';
import { objectionApi } from './objection';
import { apiCaseTypes } from './types';

/** Every case type the API serves. */
export const CASE_TYPES_API = apiCaseTypes(objectionApi, noticeApi);
