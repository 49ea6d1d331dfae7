// The workflow bundle's entry: every workflow type the worker (and the in-process engine) runs.
export { objectionWorkflow } from './objection';
export { repairWorkflow } from './repair';
export { nonDisclosureWorkflow } from './non-disclosure';
