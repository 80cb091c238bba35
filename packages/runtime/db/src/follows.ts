import type { DatabaseClient } from './client.js';
import type { User } from './generated/prisma/client.js';

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

export async function isFollowing(
  db: DatabaseClient,
  followerId: number,
  followedId: number,
): Promise<boolean> {
  const { rowCount } = await db.sql`
    SELECT 1 FROM follows WHERE follower_id = ${followerId} AND followed_id = ${followedId}`;
  return rowCount > 0;
}

/** The usernames that the user follows, oldest follow first. */
export async function followedUsernames(
  db: DatabaseClient,
  followerId: number,
  limit: number,
): Promise<string[]> {
  const { rows } = await db.sql<Pick<User, 'username'>>`
    SELECT u.username FROM follows f JOIN users u ON u.id = f.followed_id
    WHERE f.follower_id = ${followerId}
    ORDER BY f.created_at, f.followed_id
    LIMIT ${limit}`;
  return rows.map((row) => row.username);
}
