/**
 * Creates a user with a fresh random API token and prints the token once (only its hash is stored).
 *   npm run user:create -- --name 王五 --role provider --unit unit-x [--unit-name 某某局]
 *   npm run user:create -- --name 某某有限公司 --role subject --subject <统一社会信用代码|身份证号>
 * A subject user is created only after its identity was verified elsewhere (000 第六条第一项).
 */
import crypto from 'node:crypto';
import { parseArgs } from 'node:util';
import { hashToken, ROLES, type Role } from '../api/auth';
import { openDatabase } from '../db/connection';
import { parseSubjectId } from '../domain/subject-id';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      name: { type: 'string' },
      role: { type: 'string' },
      unit: { type: 'string' },
      'unit-name': { type: 'string' },
      id: { type: 'string' },
      subject: { type: 'string' },
    },
  });
  const role = values.role as Role;
  if (!values.name || !ROLES.includes(role)) {
    throw new Error(
      `usage: --name <name> --role <${ROLES.join('|')}> [--unit <id> [--unit-name <name>]] [--subject <id>]`,
    );
  }
  if ((role === 'provider') !== Boolean(values.unit)) {
    throw new Error('a provider needs --unit, and only a provider has one');
  }
  if ((role === 'subject') !== Boolean(values.subject)) {
    throw new Error('a subject needs --subject, and only a subject has one');
  }
  const subject = values.subject === undefined ? null : parseSubjectId(values.subject);
  if (subject && !subject.ok) throw new Error(`--subject is not a valid identifier (${subject.reason})`);
  const subjectId = subject?.ok ? subject.id : null;
  const db = await openDatabase(process.env.DATABASE_URL);
  try {
    const at = new Date().toISOString();
    if (values.unit && !(await db.knex('units').where({ id: values.unit }).first())) {
      if (!values['unit-name'])
        throw new Error(`unit ${values.unit} does not exist: give --unit-name to create it`);
      await db.knex('units').insert({ id: values.unit, name: values['unit-name'], created_at: at });
    }
    const token = crypto.randomBytes(24).toString('base64url');
    const id = values.id ?? `user-${crypto.randomBytes(6).toString('hex')}`;
    await db.knex('users').insert({
      id,
      name: values.name,
      role,
      unit_id: values.unit ?? null,
      subject_id: subjectId,
      token_hash: hashToken(token),
      disabled: false,
      created_at: at,
    });
    console.log(
      JSON.stringify({ id, name: values.name, role, unitId: values.unit ?? null, subjectId, token }),
    );
  } finally {
    await db.close();
  }
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exitCode = 1;
});
