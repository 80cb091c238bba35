import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { TimelineQuery } from '../../schemas/timeline.js';
import { parseCursor } from '../../timeline-pagination.js';
import { timelineView } from '../../timeline-view.js';

const publicTimeline: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get('', { schema: { querystring: TimelineQuery } }, async (request, reply) => {
    const page = await fastify.repository.publicTimeline(parseCursor(request.query.before));
    return reply.page('timeline.hbs', 'Public Timeline', timelineView(page, '/public'));
  });
};

export default publicTimeline;
