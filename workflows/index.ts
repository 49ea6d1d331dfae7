// The workflow bundle's entry: every workflow type the worker (and the in-process engine) runs.
export { objectionWorkflow } from './objection';
export { noticeWorkflow } from './notice';
export { repairWorkflow } from './repair';
export { nonDisclosureWorkflow } from './non-disclosure';
export { archiveDayWorkflow } from './archive-day';
export { recordExpiryWorkflow } from './record-expiry';
export { keyAttentionWorkflow } from './key-attention';
