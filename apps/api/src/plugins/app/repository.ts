import {
  authors,
  followedUsernames,
  postMessageAs,
  readTimelineTexts,
  type TimelineText,
  type UserSummary,
  userByUsername,
} from '@minitwit/db';
import { type CountedWrites, countedWrites } from '@minitwit/service';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    repository: Repository;
  }
}

/** What the API reads and writes, from the shared data layer; it counts the business events. */
export interface Repository extends CountedWrites {
  userByUsername(username: string): Promise<UserSummary | undefined>;
  followedUsernames(followerId: number, limit: number): Promise<string[]>;
  publicTimeline(limit: number): Promise<TimelineText[]>;
  userTimeline(authorId: number, limit: number): Promise<TimelineText[]>;
  /** Posts as the user with this username; false when there is none. */
  postAs(username: string, text: string): Promise<boolean>;
}

async function repository(fastify: FastifyInstance) {
  const { database: db, businessMetrics, timelineCache } = fastify;
  fastify.decorate('repository', {
    ...countedWrites(db, businessMetrics),
    userByUsername: (username) => userByUsername(db, username),
    followedUsernames: (followerId, limit) => followedUsernames(db, followerId, limit),
    publicTimeline: (limit) => readTimelineTexts(db, authors.everyone, { limit }),
    userTimeline: (authorId, limit) => readTimelineTexts(db, authors.user(authorId), { limit }),
    async postAs(username, text) {
      const authorId = await postMessageAs(db, username, text);
      if (authorId === undefined) return false;
      businessMetrics.messages.inc();
      // Before the answer: the next read here must show it, whenever the notification comes.
      timelineCache.changed(authorId);
      return true;
    },
  } satisfies Repository);
}

export default fp(repository, {
  name: 'repository',
  dependencies: ['database', 'business-metrics', 'timeline-cache'],
});
