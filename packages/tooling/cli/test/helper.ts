import { createDatabaseClient, type DatabaseClient } from '@minitwit/db';
import { createTestDatabase, type TestDatabase } from '@minitwit/local-postgres';
import type { Test } from 'tap';

/** A fresh migrated MiniTwit database to import into or moderate, and a client on it; both gone when the test ends. */
export async function target(t: Test): Promise<{ database: TestDatabase; db: DatabaseClient }> {
  const database = await createTestDatabase();
  const db = createDatabaseClient({ url: database.url, poolSize: 2 });
  t.teardown(async () => {
    await db.close();
    await database.drop();
  });
  return { database, db };
}
