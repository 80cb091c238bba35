import type { TimelineCache, TimelineRead, UserSummary } from '@minitwit/db';
import { startTimelineCache } from '@minitwit/service';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

/** A timeline page as every visitor sees it (the follow button and the flashes are added per visitor). */
export interface CachedTimeline {
  /** Whose page it is: a user's timeline. */
  profile?: UserSummary;
  /** The messages and the link to older ones (timelineMarkup). */
  markup: string;
}

/** Reads a timeline page from the database; `flagReturnsTo` adds a moderator's flag controls. */
export type ReadTimelinePage = (
  flagReturnsTo?: string,
) => Promise<TimelineRead<CachedTimeline> | undefined>;

declare module 'fastify' {
  interface FastifyInstance {
    timelineCache: TimelineCache<CachedTimeline>;
    /**
     * The page for this visitor: from the cache, or for a moderator, whose
     * pages carry flag controls, read for them alone and never cached.
     */
    timelinePage: (
      request: FastifyRequest,
      key: string,
      read: ReadTimelinePage,
    ) => Promise<CachedTimeline | undefined>;
  }
}

async function timelineCache(fastify: FastifyInstance) {
  const cache = startTimelineCache(fastify, {
    service: 'web',
    config: fastify.config,
    sizeOf: (page: CachedTimeline) => Buffer.byteLength(page.markup),
  });
  fastify.decorate('timelineCache', cache);
  fastify.decorate(
    'timelinePage',
    async (request: FastifyRequest, key: string, read: ReadTimelinePage) =>
      request.currentUser?.isModerator
        ? (await read(request.url))?.value
        : cache.read(key, () => read()),
  );
}

export default fp(timelineCache, { name: 'timeline-cache', dependencies: ['metrics'] });
