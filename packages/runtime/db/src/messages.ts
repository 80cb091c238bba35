import type { DatabaseClient } from './client.js';

export async function postMessage(db: DatabaseClient, authorId: number, text: string) {
  await db.sql`INSERT INTO messages (author_id, text) VALUES (${authorId}, ${text})`;
}

/** Posts as the user with this username; false when there is none. */
export async function postMessageAs(
  db: DatabaseClient,
  username: string,
  text: string,
): Promise<boolean> {
  // The author is looked up in the insert itself: one round trip.
  const { rowCount } = await db.sql`
    INSERT INTO messages (author_id, text)
    SELECT id, ${text} FROM users WHERE username = ${username}`;
  return rowCount > 0;
}
