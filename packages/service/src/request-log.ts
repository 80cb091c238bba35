import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * One JSON log line per request, written when the response is sent, with the
 * route template rather than the raw URL (see serverOptions, which turns off
 * Fastify's own two lines per request).
 */
async function requestLog(fastify: FastifyInstance) {
  fastify.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'not found',
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request',
    );
  });
}

export default fp(requestLog, { name: 'request-log' });
