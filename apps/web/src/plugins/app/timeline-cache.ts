import type { TimelineCache, UserSummary } from '@minitwit/db';
import { startTimelineCache } from '@minitwit/service';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** A timeline page as every visitor sees it (the follow button and the flashes are added per visitor). */
export interface CachedTimeline {
  /** Whose page it is: a user's timeline. */
  profile?: UserSummary;
  /** The messages and the link to older ones (timelineMarkup). */
  markup: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    timelineCache: TimelineCache<CachedTimeline>;
  }
}

async function timelineCache(fastify: FastifyInstance) {
  fastify.decorate(
    'timelineCache',
    startTimelineCache(fastify, {
      service: 'web',
      config: fastify.config,
      sizeOf: (page: CachedTimeline) => Buffer.byteLength(page.markup),
    }),
  );
}

export default fp(timelineCache, { name: 'timeline-cache', dependencies: ['metrics'] });
