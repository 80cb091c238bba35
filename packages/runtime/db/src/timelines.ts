import type { DatabaseClient } from './client.js';
import { type Message, Prisma, type User } from './generated/prisma/client.js';

/** A message as the web's timelines show it (the id places the next page, the email the avatar). */
export type TimelineMessage = Pick<Message, 'id' | 'text' | 'pubDate'> &
  Pick<User, 'username' | 'email'>;

/** A message as the simulator API lists it: no id, no email. */
export type TimelineText = Pick<TimelineMessage, 'text' | 'pubDate' | 'username'>;

// What a timeline reads of each message. The API's lists read three columns:
// parsing the id and the email of 100 rows as well cost it about 17 % more
// CPU a page (599 against 510 µs a statement, measured on the benchmark's data).
const columns = {
  message: Prisma.sql`m.id, m.text, m.pub_date AS "pubDate", u.username, u.email`,
  text: Prisma.sql`m.text, m.pub_date AS "pubDate", u.username`,
};

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
  /** Where to start going back: the messages just older than this one. The newest when neither is given. */
  before?: TimelinePosition;
  /** Or where to start going forward: the messages just newer than this one. */
  after?: TimelinePosition;
}

/**
 * The one timeline statement: unflagged messages, newest first (the id
 * breaks ties within a millisecond), or, `after` a message, the oldest of
 * those newer than it first. Keyset pagination: the row comparison lets
 * PostgreSQL start the index scan at the cursor, either way, so an old page
 * costs what the first one does.
 */
export function timelineQuery(
  whose: Prisma.Sql,
  { limit, before, after }: TimelineRange,
  shown: keyof typeof columns = 'message',
): Prisma.Sql {
  const place = before
    ? Prisma.sql`AND (m.pub_date, m.id) < (${before.pubDate}, ${before.id})`
    : after
      ? Prisma.sql`AND (m.pub_date, m.id) > (${after.pubDate}, ${after.id})`
      : Prisma.empty;
  const order = after
    ? Prisma.sql`m.pub_date ASC, m.id ASC`
    : Prisma.sql`m.pub_date DESC, m.id DESC`;
  return Prisma.sql`
    SELECT ${columns[shown]}
    FROM messages m JOIN users u ON u.id = m.author_id
    WHERE NOT m.flagged AND ${whose} ${place}
    ORDER BY ${order}
    LIMIT ${limit}`;
}

/** The rows of a timeline statement, newest first whichever way it read. */
const newestFirst = <Row>(rows: Row[], { after }: TimelineRange) => (after ? rows.reverse() : rows);

export async function readTimeline(
  db: DatabaseClient,
  whose: Prisma.Sql,
  range: TimelineRange,
): Promise<TimelineMessage[]> {
  const { rows } = await db.sql<TimelineMessage>`${timelineQuery(whose, range)}`;
  return newestFirst(rows, range);
}

/** The same timeline, its texts alone (the simulator API's lists). */
export async function readTimelineTexts(
  db: DatabaseClient,
  whose: Prisma.Sql,
  range: TimelineRange,
): Promise<TimelineText[]> {
  const { rows } = await db.sql<TimelineText>`${timelineQuery(whose, range, 'text')}`;
  return newestFirst(rows, range);
}
