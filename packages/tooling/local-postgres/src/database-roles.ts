import { readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The database's roles, as infra/provision/database-roles.sql creates them: the migration
 * role owns the schema, the runtime role only reads and writes rows.
 */
export const databaseRoles = { migration: 'minitwit', runtime: 'minitwit_runtime' } as const;
export type DatabaseRole = keyof typeof databaseRoles;

const rolesFile = path.join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '..',
  'infra',
  'provision',
  'database-roles.sql',
);

/** infra/provision/database-roles.sql, then the local passwords (these clusters listen on loopback only). */
export async function rolesSql(): Promise<string> {
  const passwords = Object.values(databaseRoles).map(
    (role) => `ALTER ROLE ${role} PASSWORD '${localPassword(role)}';`,
  );
  return [await readFile(rolesFile, 'utf8'), ...passwords].join('\n');
}

/** A role's password on an embedded cluster: its name. */
export const localPassword = (role: string) => role;
