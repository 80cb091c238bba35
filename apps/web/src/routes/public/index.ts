import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { TimelineQuery } from '../../schemas/timeline.js';
import { parseCursor } from '../../timeline-pagination.js';
import { timelineMarkup } from '../../timeline-view.js';

const publicTimeline: FastifyPluginAsyncTypebox = async (fastify) => {
  const { repository, timelineCache } = fastify;
  fastify.get('', { schema: { querystring: TimelineQuery } }, async (request, reply) => {
    const { before } = request.query;
    const render = async (flagReturnsTo?: string) =>
      timelineMarkup(
        await repository.publicTimeline(parseCursor(before)),
        '/public',
        flagReturnsTo,
      );
    // A moderator's page has flag controls: theirs alone, so not from the cache.
    const markup = request.currentUser?.isModerator
      ? await render(request.url)
      : (
          await timelineCache.read(`public:${before ?? ''}`, async () => ({
            shows: 'everyone' as const,
            value: { markup: await render() },
          }))
        ).markup;
    return reply.page('timeline.hbs', 'Public Timeline', { timeline: markup });
  });
};

export default publicTimeline;
