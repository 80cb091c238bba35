import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { TimelineQuery } from '../../schemas/timeline.js';
import { placeKey, placeOf } from '../../timeline-pagination.js';
import { timelineMarkup } from '../../timeline-view.js';

const publicTimeline: FastifyPluginAsyncTypebox = async (fastify) => {
  const { repository, timelinePage, avatarUrl } = fastify;
  fastify.get('', { schema: { querystring: TimelineQuery } }, async (request, reply) => {
    const timeline = await timelinePage(
      request,
      `public:${placeKey(request.query)}`,
      async (flagReturnsTo) => {
        const page = await repository.publicTimeline(placeOf(request.query));
        return {
          shows: 'everyone',
          value: {
            markup: timelineMarkup(page, { pagePath: '/public', avatarUrl, flagReturnsTo }),
          },
        };
      },
    );
    return reply.page('timeline.hbs', 'Public Timeline', { timeline: timeline?.markup });
  });
};

export default publicTimeline;
