import type { Knex } from 'knex';
import { writeAlert, writeEffect, type Notifier } from './effects';
import { writeProjection } from './projection';
import type { LegacyEffectActivities, LegacyEffectInput, StepEffect } from './types';

/**
 * The per-effect activities of runs recorded before the 'apply-step' patch: a run that started on the
 * old code still schedules them by name. Each is the step's write of that one effect, outside a step.
 */
export function legacyActivities(knex: Knex, notifier: Notifier): LegacyEffectActivities {
  // Their inputs are the effect's fields without its type (and, in runs of the old code, mostly no key);
  // with the type put back they are that effect (TypeScript does not see it through the generic).
  const write =
    <T extends StepEffect['type']>(type: T) =>
    (step: LegacyEffectInput<T>): Promise<void> =>
      writeEffect(knex, step, { ...step, type } as unknown as StepEffect, notifier);
  return {
    annotateRecord: write('annotateRecord'),
    clearAnnotation: write('clearAnnotation'),
    suspendRecord: write('suspendRecord'),
    unsuspendRecord: write('unsuspendRecord'),
    writeRecordVersion: write('writeRecordVersion'),
    markRecordDeleted: write('markRecordDeleted'),
    collectRecord: write('collectRecord'),
    markRecordRepaired: write('markRecordRepaired'),
    releaseRepairClaim: write('releaseRepairClaim'),
    markRecordNonDisclosed: write('markRecordNonDisclosed'),
    markRecordArchived: write('markRecordArchived'),
    extendDisclosure: write('extendDisclosure'),
    openTask: write('openTask'),
    closeTask: write('closeTask'),
    recordSlaBreach: write('recordBreach'),
    notify: write('notify'),
    raiseOperatorAlert: (alert) => writeAlert(knex, alert),
    projectCase: (projection) => knex.transaction((trx) => writeProjection(trx, projection)),
  };
}
