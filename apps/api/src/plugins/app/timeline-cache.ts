import type { TimelineCache } from '@minitwit/db';
import { startTimelineCache } from '@minitwit/service';
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
  fastify.decorate(
    'timelineCache',
    startTimelineCache(fastify, {
      service: 'api',
      config: fastify.config,
      sizeOf: (body: SerialisedList) => Buffer.byteLength(body),
    }),
  );
}

export default fp(timelineCache, { name: 'timeline-cache', dependencies: ['metrics'] });
