import type { DatabaseClient } from './client.js';
import { type Message, Prisma, type User } from './generated/prisma/client.js';

/** A message as every timeline of both services shows it. */
export type TimelineMessage = Pick<Message, 'id' | 'text' | 'pubDate'> &
  Pick<User, 'username' | 'email'>;

/** A place in a timeline: just after this message, in newest-first order. */
export type TimelinePosition = Pick<Message, 'pubDate' | 'id'>;

/** Whose messages a timeline shows. */
export const authors = {
  everyone: Prisma.sql`TRUE`,
  user: (userId: number) => Prisma.sql`m.author_id = ${userId}`,
  /** The user and everyone they follow. */
  home: (userId: number) =>
    Prisma.sql`(m.author_id = ${userId} OR m.author_id IN
      (SELECT followed_id FROM follows WHERE follower_id = ${userId}))`,
};

export interface TimelineRange {
  limit: number;
  /** Where to start; the newest message when absent. */
  before?: TimelinePosition;
}

/**
 * The one timeline statement: unflagged messages, newest first (the id
 * breaks ties within a millisecond). Keyset pagination: the row comparison
 * lets PostgreSQL start the index scan at `before`, so an old page costs what
 * the first one does.
 */
export function timelineQuery(whose: Prisma.Sql, { limit, before }: TimelineRange): Prisma.Sql {
  const after = before
    ? Prisma.sql`AND (m.pub_date, m.id) < (${before.pubDate}, ${before.id})`
    : Prisma.empty;
  return Prisma.sql`
    SELECT m.id, m.text, m.pub_date AS "pubDate", u.username, u.email
    FROM messages m JOIN users u ON u.id = m.author_id
    WHERE NOT m.flagged AND ${whose} ${after}
    ORDER BY m.pub_date DESC, m.id DESC
    LIMIT ${limit}`;
}

export async function readTimeline(
  db: DatabaseClient,
  whose: Prisma.Sql,
  range: TimelineRange,
): Promise<TimelineMessage[]> {
  const { rows } = await db.sql<TimelineMessage>`${timelineQuery(whose, range)}`;
  return rows;
}
