import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { showMyTimeline } from '../my-timeline-page.js';
import { TimelineQuery } from '../schemas/timeline.js';

const myTimeline: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get('/', { schema: { querystring: TimelineQuery } }, async (request, reply) => {
    const user = request.currentUser;
    if (!user) return reply.redirect('/public');
    return showMyTimeline(request, reply, user, { query: request.query });
  });
};

export default myTimeline;
