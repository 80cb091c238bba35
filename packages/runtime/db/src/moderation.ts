import type { DatabaseClient } from './client.js';
import { idOfName } from './names.js';

/** Who moderates: a moderator on the web (their user id), or an operator at the command line. */
export type Moderator = { userId: number; username: string } | { operator: string };

/** What a flag or unflag of some messages did, by message id. */
export interface ModerationOutcome {
  /** Flagged (or unflagged) now, and recorded. */
  changed: number[];
  /** Already so: nothing changed, nothing recorded. */
  unchanged: number[];
  /** No such message. */
  missing: number[];
}

/** One recorded flag or unflag. */
export interface ModerationRecord {
  id: number;
  messageId: number;
  flagged: boolean;
  actor: string;
  reason: string | null;
  actedAt: Date;
  author: string;
  text: string;
}

/** A message as a moderator lists them: flagged ones too. */
export interface ModeratedMessage {
  id: number;
  pubDate: Date;
  flagged: boolean;
  text: string;
}

const actorOf = (moderator: Moderator) =>
  'operator' in moderator ? `cli:${moderator.operator}` : `web:${moderator.username}`;

/**
 * Flags (hides) or unflags (shows again) messages, and records each change
 * (who, when, which message, why) in the same statement: a change is never
 * without its record. The timeline triggers tell every service's cache.
 */
export async function moderateMessages(
  db: DatabaseClient,
  {
    messageIds,
    flagged,
    moderator,
    reason,
  }: { messageIds: readonly number[]; flagged: boolean; moderator: Moderator; reason?: string },
): Promise<ModerationOutcome> {
  const ids = [...new Set(messageIds)];
  const moderatorId = 'userId' in moderator ? moderator.userId : null;
  const { rows } = await db.sql<{ id: number; changed: boolean }>`
    WITH wanted AS (
      SELECT id FROM messages WHERE id = ANY(${ids}::integer[])
    ), changed AS (
      UPDATE messages SET flagged = ${flagged}
      WHERE id IN (SELECT id FROM wanted) AND flagged <> ${flagged}
      RETURNING id
    ), recorded AS (
      INSERT INTO moderation_actions (message_id, flagged, actor, moderator_id, reason)
      SELECT id, ${flagged}, ${actorOf(moderator)}, ${moderatorId}::integer, ${reason ?? null}::text
      FROM changed
    )
    SELECT wanted.id, changed.id IS NOT NULL AS changed
    FROM wanted LEFT JOIN changed ON changed.id = wanted.id`;
  const found = new Map(rows.map((row) => [row.id, row.changed]));
  return {
    changed: ids.filter((id) => found.get(id) === true),
    unchanged: ids.filter((id) => found.get(id) === false),
    missing: ids.filter((id) => !found.has(id)),
  };
}

/** The most recent flags and unflags, newest first. */
export async function recentModerationActions(
  db: DatabaseClient,
  limit: number,
): Promise<ModerationRecord[]> {
  const { rows } = await db.sql<ModerationRecord>`
    SELECT a.id, a.message_id AS "messageId", a.flagged, a.actor, a.reason,
      a.acted_at AS "actedAt", u.username AS author, m.text
    FROM moderation_actions a
    JOIN messages m ON m.id = a.message_id
    JOIN users u ON u.id = m.author_id
    ORDER BY a.acted_at DESC, a.id DESC
    LIMIT ${limit}`;
  return rows;
}

/** A user's messages with their ids, newest first, flagged ones included; undefined for no such user. */
export async function messagesForModeration(
  db: DatabaseClient,
  username: string,
  limit: number,
): Promise<ModeratedMessage[] | undefined> {
  const { rows } = await db.sql<ModeratedMessage>`
    SELECT m.id, m.pub_date AS "pubDate", m.flagged, m.text
    FROM users u JOIN messages m ON m.author_id = u.id
    WHERE u.id = ${idOfName(username)}
    ORDER BY m.pub_date DESC, m.id DESC
    LIMIT ${limit}`;
  if (rows.length > 0) return rows;
  const { rowCount } = await db.sql`SELECT FROM users WHERE id = ${idOfName(username)}`;
  return rowCount > 0 ? [] : undefined;
}

/** Makes a user a moderator or not; false when there is no such user. */
export async function setModerator(
  db: DatabaseClient,
  username: string,
  isModerator: boolean,
): Promise<boolean> {
  const { rowCount } = await db.sql`
    UPDATE users SET is_moderator = ${isModerator} WHERE id = ${idOfName(username)}`;
  return rowCount > 0;
}
