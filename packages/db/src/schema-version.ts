import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { DatabaseClient } from './client.js';

const migrationsDir = path.join(import.meta.dirname, '..', '..', '..', 'prisma', 'migrations');

/** The migrations this build knows, oldest first (their folder names sort by time). */
async function knownMigrations(): Promise<string[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/**
 * Why the database's schema is not the one this build was made for, or
 * undefined when it is: the newest migration applied to the database must be
 * the newest migration this build knows. Services that do not migrate (the
 * web app) call this at start-up and refuse to serve otherwise.
 */
export async function schemaMismatch(db: DatabaseClient): Promise<string | undefined> {
  const expected = (await knownMigrations()).at(-1);
  let applied: { migration_name: string }[];
  try {
    ({ rows: applied } = await db.sql<{ migration_name: string }>`
      SELECT migration_name FROM _prisma_migrations
      WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL
      ORDER BY migration_name DESC LIMIT 1`);
  } catch (error) {
    if (error instanceof Error && error.message.includes('_prisma_migrations')) {
      return `the database has no migrations applied; this build expects ${String(expected)} (start the API first: it migrates)`;
    }
    throw error;
  }
  const actual = applied[0]?.migration_name;
  if (actual === expected) return undefined;
  return `the database schema is at ${actual ?? 'no migration'}, this build expects ${String(expected)}`;
}
