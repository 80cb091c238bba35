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
  /** These authors' (a home timeline whose follows were read first: readHomeTimeline). */
  among: (authorIds: readonly number[]) => Prisma.sql`m.author_id = ANY(${authorIds}::integer[])`,
  everyone: Prisma.sql`TRUE`,
  user: (userId: number) => Prisma.sql`m.author_id = ${userId}`,
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
  range: TimelineRange,
  shown: keyof typeof columns = 'message',
): Prisma.Sql {
  return Prisma.sql`
    SELECT ${columns[shown]}
    FROM messages m JOIN users u ON u.id = m.author_id
    WHERE NOT m.flagged AND ${whose} ${placeIn(range)}
    ORDER BY ${orderOf(range)}
    LIMIT ${range.limit}`;
}

/** The condition that starts a page at its cursor (`m` is the messages). */
const placeIn = ({ before, after }: TimelineRange) =>
  before
    ? Prisma.sql`AND (m.pub_date, m.id) < (${before.pubDate}, ${before.id})`
    : after
      ? Prisma.sql`AND (m.pub_date, m.id) > (${after.pubDate}, ${after.id})`
      : Prisma.empty;

/** Newest first, or, `after` a message, the oldest of the newer ones first. */
const orderOf = ({ after }: TimelineRange) =>
  after ? Prisma.sql`m.pub_date ASC, m.id ASC` : Prisma.sql`m.pub_date DESC, m.id DESC`;

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

/**
 * Up to this many authors, a home timeline reads each author's newest
 * messages from their own index and merges them (a LATERAL join); beyond
 * it, one scan of the newest messages of everyone, keeping theirs. Measured
 * on the benchmark's data (10,000 users, 1,000,000 messages): for 500
 * authors the scan took 0.76 ms and the join 23.7 ms; for 2 the scan 708 ms
 * (it reads a third of the index before it finds 31 of theirs) and the join
 * 0.15 ms. Each way's cost grows as the other's falls, crossing near 120.
 */
export const lateralAuthorLimit = 100;

/** A home timeline's page: the user's messages and those of everyone they follow. */
export interface HomeTimeline {
  messages: TimelineMessage[];
  /** The user and everyone they follow, as read (what the page shows). */
  authors: number[];
}

/**
 * A user's home timeline. Their follows are read first, so that the
 * messages are read by the statement that suits how many they follow
 * (lateralAuthorLimit), and so that a cache knows whose messages it shows.
 */
export async function readHomeTimeline(
  db: DatabaseClient,
  userId: number,
  range: TimelineRange,
): Promise<HomeTimeline> {
  const { rows: follows } = await db.sql<{ followedId: number }>`
    SELECT followed_id AS "followedId" FROM follows WHERE follower_id = ${userId}`;
  const authorIds = [userId, ...follows.map(({ followedId }) => followedId)];
  const { rows } = await db.sql<TimelineMessage>`${homeTimelineQuery(authorIds, range)}`;
  return { messages: newestFirst(rows, range), authors: authorIds };
}

/** How a home timeline is read: one scan of everyone's newest, or each author's newest, merged. */
export type HomeTimelineWay = 'one scan' | 'each author';

/** The statement of a home timeline of these authors: by default the way that suits how many they are. */
export function homeTimelineQuery(
  authorIds: readonly number[],
  range: TimelineRange,
  way: HomeTimelineWay = authorIds.length > lateralAuthorLimit ? 'one scan' : 'each author',
): Prisma.Sql {
  return way === 'one scan'
    ? timelineQuery(authors.among(authorIds), range)
    : eachAuthorsNewest(authorIds, range);
}

/** The timeline of a few authors: each one's newest (from `range`) through their own index, merged. */
function eachAuthorsNewest(authorIds: readonly number[], range: TimelineRange): Prisma.Sql {
  return Prisma.sql`
    SELECT m.id, m.text, m.pub_date AS "pubDate", u.username, u.email
    FROM unnest(${authorIds}::integer[]) AS a(author_id)
    CROSS JOIN LATERAL (
      SELECT m.id, m.text, m.pub_date, m.author_id FROM messages m
      WHERE m.author_id = a.author_id AND NOT m.flagged ${placeIn(range)}
      ORDER BY ${orderOf(range)}
      LIMIT ${range.limit}
    ) m
    JOIN users u ON u.id = m.author_id
    ORDER BY ${orderOf(range)}
    LIMIT ${range.limit}`;
}
