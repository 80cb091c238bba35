import type { TimelineCache } from '@minitwit/db';
import { listenForChanges, meteredCache } from '@minitwit/service';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';

/** A list as the route's response schema serialised it: the body sent. */
export type SerialisedList = ReturnType<FastifyReply['serialize']>;

declare module 'fastify' {
  interface FastifyInstance {
    /** The API's timelines as sent: JSON bodies, serialised once per change. */
    timelineCache: TimelineCache<SerialisedList>;
  }
}

async function timelineCache(fastify: FastifyInstance) {
  const { config } = fastify;
  const timelines = meteredCache(fastify, 'api', 'timeline', 'Timeline', {
    entries: config.TIMELINE_CACHE_ENTRIES,
    megabytes: config.TIMELINE_CACHE_MEGABYTES,
    sizeOf: (body: SerialisedList) => Buffer.byteLength(body),
  });
  listenForChanges(fastify, { service: 'api', config }, { timelines });
  fastify.decorate('timelineCache', timelines);
}

export default fp(timelineCache, { name: 'timeline-cache', dependencies: ['metrics'] });
