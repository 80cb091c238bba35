import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { DatabaseClient } from './client.js';

/** prisma/migrations: a folder per migration, its SQL in migration.sql. */
export const migrationsDir = path.join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '..',
  'prisma',
  'migrations',
);

/** The migrations this build knows, oldest first (their folder names sort by time). */
export async function knownMigrations(): Promise<string[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/**
 * The migrations this build knows that the database has not applied, oldest
 * first; empty when the database can serve this build. A database ahead of
 * the build (migrations of a newer release) can: migrations only expand the
 * schema, and a later release contracts what no running release uses (the
 * rule in the README), so the previous release keeps serving during a
 * rolling deployment and after a rollback. Services that do not migrate (the
 * web app) wait for this to be empty before they serve.
 */
export async function pendingMigrations(db: DatabaseClient): Promise<string[]> {
  const known = await knownMigrations();
  let applied: { migration_name: string }[];
  try {
    ({ rows: applied } = await db.sql<{ migration_name: string }>`
      SELECT migration_name FROM _prisma_migrations
      WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`);
  } catch (error) {
    if (error instanceof Error && error.message.includes('_prisma_migrations')) return known;
    throw error;
  }
  const done = new Set(applied.map(({ migration_name }) => migration_name));
  return known.filter((migration) => !done.has(migration));
}
