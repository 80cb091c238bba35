import { Prisma } from '@minitwit/db';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    messagesRepository: MessagesRepository;
  }
}

/** Where a timeline page starts: just after this message, in newest-first order. */
export interface Cursor {
  pubDate: Date;
  id: number;
}

export interface TimelineMessage {
  id: number;
  text: string;
  pubDate: Date;
  username: string;
  email: string;
}

export interface TimelinePage {
  messages: TimelineMessage[];
  /** Where the next (older) page starts, when there is one. */
  older?: Cursor;
}

export interface MessagesRepository {
  publicTimeline(before?: Cursor): Promise<TimelinePage>;
  userTimeline(authorId: number, before?: Cursor): Promise<TimelinePage>;
  /** The user's own messages and those of everyone they follow. */
  homeTimeline(userId: number, before?: Cursor): Promise<TimelinePage>;
  post(authorId: number, text: string): Promise<void>;
}

export const pageSize = 30;

/** Whose messages a timeline shows. */
export const authors = {
  everyone: Prisma.sql`TRUE`,
  user: (userId: number) => Prisma.sql`m.author_id = ${userId}`,
  /** The user and everyone they follow. */
  home: (userId: number) =>
    Prisma.sql`(m.author_id = ${userId} OR m.author_id IN
      (SELECT followed_id FROM follows WHERE follower_id = ${userId}))`,
};

/**
 * One timeline page and the first message of the next, newest first. Keyset
 * pagination: the row comparison lets PostgreSQL start the index scan at the
 * cursor, so an old page costs what the first one does.
 */
export function timelineQuery(whose: Prisma.Sql, before?: Cursor): Prisma.Sql {
  const after = before
    ? Prisma.sql`AND (m.pub_date, m.id) < (${before.pubDate}, ${before.id})`
    : Prisma.empty;
  return Prisma.sql`
    SELECT m.id, m.text, m.pub_date AS "pubDate", u.username, u.email
    FROM messages m JOIN users u ON u.id = m.author_id
    WHERE NOT m.flagged AND ${whose} ${after}
    ORDER BY m.pub_date DESC, m.id DESC
    LIMIT ${pageSize + 1}`;
}

async function messagesRepository(fastify: FastifyInstance) {
  const { db, businessCounters } = fastify;

  async function timeline(whose: Prisma.Sql, before?: Cursor): Promise<TimelinePage> {
    const { rows } = await db.sql<TimelineMessage>`${timelineQuery(whose, before)}`;
    const messages = rows.slice(0, pageSize);
    const last = messages.at(-1);
    return rows.length > pageSize && last
      ? { messages, older: { pubDate: last.pubDate, id: last.id } }
      : { messages };
  }

  fastify.decorate('messagesRepository', {
    publicTimeline: (before) => timeline(authors.everyone, before),
    userTimeline: (authorId, before) => timeline(authors.user(authorId), before),
    homeTimeline: (userId, before) => timeline(authors.home(userId), before),
    async post(authorId, text) {
      await db.sql`INSERT INTO messages (author_id, text) VALUES (${authorId}, ${text})`;
      businessCounters.messages.inc();
    },
  } satisfies MessagesRepository);
}

export default fp(messagesRepository, {
  name: 'messages-repository',
  dependencies: ['database', 'web-business-metrics'],
});
