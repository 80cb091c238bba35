import { createTestDatabase, type TestDatabase } from '@minitwit/local-postgres';
import type { Test } from 'tap';
import {
  createDatabaseClient,
  type DatabaseClient,
  type DatabaseClientOptions,
} from '../src/index.js';

/** A fresh test database (migrated unless told otherwise), dropped when the test ends. */
export async function testDatabase(t: Test, { migrated = true } = {}): Promise<TestDatabase> {
  const database = await createTestDatabase({ migrated });
  t.teardown(() => database.drop());
  return database;
}

/** A client on `url`, closed when the test ends. */
export function clientOn(
  t: Test,
  url: string,
  options: Omit<DatabaseClientOptions, 'url'> = {},
): DatabaseClient {
  const db = createDatabaseClient({ url, ...options });
  t.teardown(() => db.close());
  return db;
}
