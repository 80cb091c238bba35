import { randomBytes } from 'node:crypto';
import { databaseAdmin } from './database-admin.js';

/** Set by with-test-postgres: the URL of the test server's maintenance database. */
export const testServerVariable = 'MINITWIT_TEST_POSTGRES_URL';
/** The migrated database that every fresh test database is copied from. */
export const testTemplateDatabase = 'minitwit_template';
/** The same with MiniTwit's roles and rights but no schema yet, for tests of migrating. */
export const testEmptyTemplateDatabase = 'minitwit_template_empty';

export interface TestDatabase {
  /** As the services run: the runtime role, which reads and writes rows only. */
  url: string;
  /** As the API's migration step: the role that owns the schema. */
  migrationUrl: string;
  /** The two as a service's environment (DATABASE_URL, MIGRATION_DATABASE_URL). */
  environment: { DATABASE_URL: string; MIGRATION_DATABASE_URL: string };
  drop(): Promise<void>;
}

/**
 * A fresh database of its own for one test: a copy of the migrated template,
 * or with `migrated: false` one without the schema, for tests of migrating.
 */
export async function createTestDatabase({ migrated = true } = {}): Promise<TestDatabase> {
  const serverUrl = process.env[testServerVariable];
  if (!serverUrl) {
    throw new Error(
      `${testServerVariable} is not set: run the tests through the README's test command`,
    );
  }
  const admin = databaseAdmin(serverUrl);
  const name = `test_${randomBytes(6).toString('hex')}`;
  await admin.create(name, {
    template: migrated ? testTemplateDatabase : testEmptyTemplateDatabase,
    owner: 'migration',
  });
  const url = admin.url(name, 'runtime');
  const migrationUrl = admin.url(name, 'migration');
  return {
    url,
    migrationUrl,
    environment: { DATABASE_URL: url, MIGRATION_DATABASE_URL: migrationUrl },
    drop: () => admin.drop(name),
  };
}
