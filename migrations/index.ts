import type { Knex } from 'knex';
import * as foundation from './20261123000100_foundation';
import * as records from './20261123000200_records';
import * as cases from './20261123000300_cases';
import * as operatorAlerts from './20261123000400_operator_alerts';
import * as subjectUsers from './20261124000100_subject_users';
import * as reports from './20261124000200_reports';
import * as applicationMaterials from './20261124000300_application_materials';
import * as recordCollection from './20261125000100_record_collection';
import * as casePlatform from './20261125000500_case_platform';
import * as repair from './20261125000700_repair';
import * as optOutRevocation from './20261126000100_opt_out_revocation';
import * as expiryArmed from './20261126000200_expiry_armed';
import * as archiveDueIndex from './20261127000100_archive_due_index';

/**
 * The migrations in the order they run. Listed here (not discovered on disk) so that jest, tsx and a
 * bundled build all load the same modules. Add a new file at the end; never edit one that has landed.
 */
const migrations: Record<string, Knex.Migration> = {
  '20261123000100_foundation': foundation,
  '20261123000200_records': records,
  '20261123000300_cases': cases,
  '20261123000400_operator_alerts': operatorAlerts,
  '20261124000100_subject_users': subjectUsers,
  '20261124000200_reports': reports,
  '20261124000300_application_materials': applicationMaterials,
  '20261125000100_record_collection': recordCollection,
  '20261125000500_case_platform': casePlatform,
  '20261125000700_repair': repair,
  '20261126000100_opt_out_revocation': optOutRevocation,
  '20261126000200_expiry_armed': expiryArmed,
  '20261127000100_archive_due_index': archiveDueIndex,
};

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations),
  getMigrationName: (name) => name,
  getMigration: async (name) => migrations[name],
};
