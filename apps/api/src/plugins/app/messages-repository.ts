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
  post(authorId: number, text: string): Promise<void>;
}

const timelineFields = {
  text: true,
  pubDate: true,
  author: { select: { username: true } },
} as const;

// Newest first; the id breaks ties between messages of the same millisecond.
const newestFirst = [{ pubDate: 'desc' }, { id: 'desc' }] as const;

function toTimelineMessage(row: {
  text: string;
  pubDate: Date;
  author: { username: string };
}): TimelineMessage {
  return { content: row.text, pub_date: row.pubDate.toISOString(), user: row.author.username };
}

async function messagesRepository(fastify: FastifyInstance) {
  const { db, businessCounters } = fastify;
  fastify.decorate('messagesRepository', {
    async publicTimeline(limit) {
      const rows = await db.message.findMany({
        where: { flagged: false },
        orderBy: [...newestFirst],
        take: limit,
        select: timelineFields,
      });
      return rows.map(toTimelineMessage);
    },
    async userTimeline(authorId, limit) {
      const rows = await db.message.findMany({
        where: { authorId, flagged: false },
        orderBy: [...newestFirst],
        take: limit,
        select: timelineFields,
      });
      return rows.map(toTimelineMessage);
    },
    async post(authorId, text) {
      await db.message.create({ data: { authorId, text }, select: { id: true } });
      businessCounters.messages.inc();
    },
  } satisfies MessagesRepository);
}

export default fp(messagesRepository, {
  name: 'messages-repository',
  dependencies: ['database', 'api-business-metrics'],
});
