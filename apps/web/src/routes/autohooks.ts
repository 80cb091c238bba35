import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Not a page (an avatar): the same for every visitor, so the visitor is not looked up. */
    visitorless?: boolean;
  }
}

/**
 * Every page knows its visitor. Only the routes here look the visitor up:
 * the stylesheet and /metrics need no database query per request, nor do
 * the routes marked `visitorless`.
 */
export default async function identifyVisitor(fastify: FastifyInstance) {
  fastify.addHook('preHandler', async (request) => {
    if (request.routeOptions.config.visitorless !== true) await fastify.identifyVisitor(request);
  });
}
