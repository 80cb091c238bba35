import type { DatabaseClient } from './client.js';
import type { User } from './generated/prisma/client.js';
import { idOfName } from './names.js';

/** A user as routes and pages name them. */
export type UserSummary = Pick<User, 'id' | 'username'>;

/** A signed-in user as pages see them: whether they moderate decides what a page offers. */
export type SessionUserRecord = UserSummary & Pick<User, 'isModerator'>;

/** A user's session record: who they are, and the generation their sessions are in. */
export type SessionRecord = SessionUserRecord & Pick<User, 'sessionGeneration'>;

/** What a sign-in checks, and what the session it begins records. */
export type SignInRecord = Pick<User, 'id' | 'username' | 'passwordHash' | 'sessionGeneration'>;

/**
 * Creates a user; 'taken' when the name is held, exactly or by the one rule
 * for names, however close the race (the unique indexes decide).
 */
export async function createUser(
  db: DatabaseClient,
  { username, email, passwordHash }: Pick<User, 'username' | 'email' | 'passwordHash'>,
): Promise<'registered' | 'taken'> {
  const { rowCount } = await db.sql`
    INSERT INTO users (username, email, password_hash) VALUES (${username}, ${email}, ${passwordHash})
    ON CONFLICT DO NOTHING`;
  return rowCount > 0 ? 'registered' : 'taken';
}

/** The user this username names (idOfName), if there is one. */
export async function userByUsername(
  db: DatabaseClient,
  username: string,
): Promise<UserSummary | undefined> {
  const { rows } = await db.sql<UserSummary>`
    SELECT id, username FROM users WHERE id = ${idOfName(username)}`;
  return rows[0];
}

/** What a sign-in as the user this username names checks the password against, if they exist. */
export async function signInRecord(
  db: DatabaseClient,
  username: string,
): Promise<SignInRecord | undefined> {
  const { rows } = await db.sql<SignInRecord>`
    SELECT id, username, password_hash AS "passwordHash", session_generation AS "sessionGeneration"
    FROM users WHERE id = ${idOfName(username)}`;
  return rows[0];
}

/** What a session is checked against: the user, and the generation their sessions are in (undefined: gone). */
export async function sessionRecord(
  db: DatabaseClient,
  id: number,
): Promise<SessionRecord | undefined> {
  const { rows } = await db.sql<SessionRecord>`
    SELECT id, username, is_moderator AS "isModerator", session_generation AS "sessionGeneration"
    FROM users WHERE id = ${id}`;
  return rows[0];
}

/** Ends every session of the user: the sessions begun before now stop being valid. */
export async function endSessions(db: DatabaseClient, id: number): Promise<void> {
  await db.sql`UPDATE users SET session_generation = session_generation + 1 WHERE id = ${id}`;
}

/**
 * Stores a new hash for the user's password (an upgrade from a legacy or
 * older hash), unless the hash changed since `previousHash` was read.
 */
export async function replacePasswordHash(
  db: DatabaseClient,
  { id, previousHash, passwordHash }: { id: number; previousHash: string; passwordHash: string },
): Promise<boolean> {
  const { rowCount } = await db.sql`
    UPDATE users SET password_hash = ${passwordHash}
    WHERE id = ${id} AND password_hash = ${previousHash}`;
  return rowCount > 0;
}

/**
 * Stores the user's new password hash and ends every session of theirs
 * (one statement); answers the generation a session begun now is in.
 */
export async function changePassword(
  db: DatabaseClient,
  { id, passwordHash }: { id: number; passwordHash: string },
): Promise<number | undefined> {
  const { rows } = await db.sql<Pick<User, 'sessionGeneration'>>`
    UPDATE users SET password_hash = ${passwordHash}, session_generation = session_generation + 1
    WHERE id = ${id}
    RETURNING session_generation AS "sessionGeneration"`;
  return rows[0]?.sessionGeneration;
}

/**
 * Deletes the user with their messages and follows (the foreign keys
 * cascade; their moderation records keep the name they acted under). The
 * triggers tell every replica's timeline cache.
 */
export async function deleteUser(db: DatabaseClient, id: number): Promise<boolean> {
  const { rowCount } = await db.sql`DELETE FROM users WHERE id = ${id}`;
  return rowCount > 0;
}
