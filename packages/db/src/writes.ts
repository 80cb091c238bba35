import type { DatabaseClient } from './client.js';
import { isUniqueViolation } from './errors.js';

// The writes both services make, made one way. The frequent ones are one
// statement each on the pool (see DatabaseClient.sql).

/** Creates a user; 'taken' when the username exists, however close the race (the unique index decides). */
export async function createUser(
  db: DatabaseClient,
  user: { username: string; email: string; passwordHash: string },
): Promise<'registered' | 'taken'> {
  try {
    await db.user.create({ data: user, select: { id: true } });
    return 'registered';
  } catch (error) {
    if (isUniqueViolation(error)) return 'taken';
    throw error;
  }
}

/** Idempotent: following someone already followed changes nothing. True when a new follow was recorded. */
export async function followUser(
  db: DatabaseClient,
  followerId: number,
  followedId: number,
): Promise<boolean> {
  const { rowCount } = await db.sql`
    INSERT INTO follows (follower_id, followed_id) VALUES (${followerId}, ${followedId})
    ON CONFLICT DO NOTHING`;
  return rowCount > 0;
}

/** Idempotent: unfollowing someone not followed changes nothing. True when a follow was removed. */
export async function unfollowUser(
  db: DatabaseClient,
  followerId: number,
  followedId: number,
): Promise<boolean> {
  const { rowCount } = await db.sql`
    DELETE FROM follows WHERE follower_id = ${followerId} AND followed_id = ${followedId}`;
  return rowCount > 0;
}
