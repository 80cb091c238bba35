import type { DatabaseClient } from './client.js';

/** What a user page counts: the messages it shows, and the follows either way. */
export interface ProfileCounts {
  messages: number;
  followers: number;
  following: number;
}

/**
 * The user's counts, in one statement of three index-only counts: unflagged
 * messages (the author's index), followers (the followed index), and
 * followed users (the primary key).
 */
export async function profileCounts(db: DatabaseClient, userId: number): Promise<ProfileCounts> {
  const { rows } = await db.sql<ProfileCounts>`
    SELECT
      (SELECT count(*)::integer FROM messages WHERE author_id = ${userId} AND NOT flagged) AS messages,
      (SELECT count(*)::integer FROM follows WHERE followed_id = ${userId}) AS followers,
      (SELECT count(*)::integer FROM follows WHERE follower_id = ${userId}) AS following`;
  return rows[0] ?? { messages: 0, followers: 0, following: 0 };
}
