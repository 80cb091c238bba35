import type { DatabaseClient } from './client.js';

// The simulator's latest action id lives in the database, so that every API
// replica answers alike.

/** Records the simulator's latest action id; the last write wins. */
export async function recordLatest(db: DatabaseClient, latest: number): Promise<void> {
  await db.sql`
    INSERT INTO simulator_latest (id, latest) VALUES (1, ${latest})
    ON CONFLICT (id) DO UPDATE SET latest = EXCLUDED.latest`;
}

/** The last recorded action id, or -1 when none was ever recorded. */
export async function readLatest(db: DatabaseClient): Promise<number> {
  // A bigint column: node-postgres gives it as a string.
  const { rows } = await db.sql<{ latest: string }>`
    SELECT latest FROM simulator_latest WHERE id = 1`;
  return rows[0] ? Number(rows[0].latest) : -1;
}
