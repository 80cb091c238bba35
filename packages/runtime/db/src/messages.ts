import type { DatabaseClient } from './client.js';
import type { Message } from './generated/prisma/client.js';
import { idOfName } from './names.js';

export async function postMessage(db: DatabaseClient, authorId: number, text: string) {
  await db.sql`INSERT INTO messages (author_id, text) VALUES (${authorId}, ${text})`;
}

/** Posts as the user this username names (idOfName): their id, or undefined when there is none. */
export async function postMessageAs(
  db: DatabaseClient,
  username: string,
  text: string,
): Promise<number | undefined> {
  // The author is looked up in the insert itself: one round trip.
  const { rows } = await db.sql<Pick<Message, 'authorId'>>`
    INSERT INTO messages (author_id, text)
    SELECT id, ${text} FROM users WHERE id = ${idOfName(username)}
    RETURNING author_id AS "authorId"`;
  return rows[0]?.authorId;
}
