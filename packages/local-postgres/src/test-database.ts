import { randomBytes } from 'node:crypto';
import { databaseAdmin } from './database-admin.js';

/** Set by with-test-postgres: the URL of the test server's maintenance database. */
export const testServerVariable = 'MINITWIT_TEST_POSTGRES_URL';
/** The migrated database that every fresh test database is copied from. */
export const testTemplateDatabase = 'minitwit_template';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A fresh database of its own for one test: a copy of the migrated template,
 * or with `migrated: false` an empty one, for tests of migrating.
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
  await admin.create(name, migrated ? testTemplateDatabase : undefined);
  return { url: admin.url(name), drop: () => admin.drop(name) };
}
