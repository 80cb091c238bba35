import type { DatabaseClient } from './client.js';
import type { Message, User } from './generated/prisma/client.js';

/** Everything MiniTwit holds of a user that is theirs to take: their profile, messages and follows. */
export interface AccountData {
  profile: Pick<User, 'username' | 'email'>;
  /** Oldest first, flagged ones included (marked). */
  messages: Pick<Message, 'text' | 'pubDate' | 'flagged'>[];
  /** The usernames they follow, and those who follow them. */
  following: string[];
  followers: string[];
}

/** The account's data (AccountData), or undefined when there is no such user. */
export async function accountData(
  db: DatabaseClient,
  userId: number,
): Promise<AccountData | undefined> {
  const { rows: profiles } = await db.sql<AccountData['profile']>`
    SELECT username, email FROM users WHERE id = ${userId}`;
  const profile = profiles[0];
  if (!profile) return undefined;
  const { rows: messages } = await db.sql<AccountData['messages'][number]>`
    SELECT text, pub_date AS "pubDate", flagged FROM messages
    WHERE author_id = ${userId} ORDER BY pub_date, id`;
  const { rows: following } = await db.sql<Pick<User, 'username'>>`
    SELECT u.username FROM follows f JOIN users u ON u.id = f.followed_id
    WHERE f.follower_id = ${userId} ORDER BY u.username`;
  const { rows: followers } = await db.sql<Pick<User, 'username'>>`
    SELECT u.username FROM follows f JOIN users u ON u.id = f.follower_id
    WHERE f.followed_id = ${userId} ORDER BY u.username`;
  return {
    profile,
    messages,
    following: following.map((row) => row.username),
    followers: followers.map((row) => row.username),
  };
}
