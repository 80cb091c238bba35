import { Prisma } from '@minitwit/db';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Static } from 'typebox';
import type { Message } from '../../schemas/messages.js';

declare module 'fastify' {
  interface FastifyInstance {
    messagesRepository: MessagesRepository;
  }
}

export type TimelineMessage = Static<typeof Message>;

export interface MessagesRepository {
  /** Everyone's unflagged messages, newest first. */
  publicTimeline(limit: number): Promise<TimelineMessage[]>;
  /** One author's unflagged messages, newest first. */
  userTimeline(authorId: number, limit: number): Promise<TimelineMessage[]>;
  /** Posts as the user with this username; false when there is none. */
  postAs(username: string, text: string): Promise<boolean>;
}

interface TimelineRow {
  content: string;
  pub_date: Date;
  user: string;
}

const toTimelineMessage = (row: TimelineRow): TimelineMessage => ({
  ...row,
  pub_date: row.pub_date.toISOString(),
});

async function messagesRepository(fastify: FastifyInstance) {
  const { db, businessCounters } = fastify;

  // One statement per timeline: a join, newest first on the keyset indexes
  // (the id breaks ties within a millisecond).
  async function timeline(whose: Prisma.Sql, limit: number): Promise<TimelineMessage[]> {
    const { rows } = await db.sql<TimelineRow>`
      SELECT m.text AS content, m.pub_date, u.username AS user
      FROM messages m JOIN users u ON u.id = m.author_id
      WHERE NOT m.flagged AND ${whose}
      ORDER BY m.pub_date DESC, m.id DESC
      LIMIT ${limit}`;
    return rows.map(toTimelineMessage);
  }

  fastify.decorate('messagesRepository', {
    publicTimeline: (limit) => timeline(Prisma.sql`TRUE`, limit),
    userTimeline: (authorId, limit) => timeline(Prisma.sql`m.author_id = ${authorId}`, limit),
    async postAs(username, text) {
      // The author is looked up in the insert itself: one round trip.
      const { rowCount } = await db.sql`
        INSERT INTO messages (author_id, text)
        SELECT id, ${text} FROM users WHERE username = ${username}`;
      if (rowCount === 0) return false;
      businessCounters.messages.inc();
      return true;
    },
  } satisfies MessagesRepository);
}

export default fp(messagesRepository, {
  name: 'messages-repository',
  dependencies: ['database', 'api-business-metrics'],
});
