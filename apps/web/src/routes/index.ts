import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { TimelineQuery } from '../schemas/timeline.js';
import { parseCursor } from '../timeline-pagination.js';
import { timelineMarkup } from '../timeline-view.js';

const myTimeline: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get('/', { schema: { querystring: TimelineQuery } }, async (request, reply) => {
    const user = request.currentUser;
    if (!user) return reply.redirect('/public');
    const page = await fastify.repository.homeTimeline(user.id, parseCursor(request.query.before));
    return reply.page('timeline.hbs', 'My Timeline', {
      timeline: timelineMarkup(page, '/', user.isModerator ? request.url : undefined),
      postForm: true,
    });
  });
};

export default myTimeline;
