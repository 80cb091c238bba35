import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { TimelineQuery } from '../../schemas/timeline.js';
import { parseCursor } from '../../timeline-pagination.js';
import { timelineMarkup } from '../../timeline-view.js';

const publicTimeline: FastifyPluginAsyncTypebox = async (fastify) => {
  const { repository, timelineCache } = fastify;
  fastify.get('', { schema: { querystring: TimelineQuery } }, async (request, reply) => {
    const { before } = request.query;
    const { markup } = await timelineCache.read(`public:${before ?? ''}`, async () => ({
      shows: 'everyone' as const,
      value: {
        markup: timelineMarkup(await repository.publicTimeline(parseCursor(before)), '/public'),
      },
    }));
    return reply.page('timeline.hbs', 'Public Timeline', { timeline: markup });
  });
};

export default publicTimeline;
