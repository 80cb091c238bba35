import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { LiveResponse, ReadyResponse, UnavailableResponse } from '../../schemas/health.js';

const health: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get('/live', { schema: { response: { 200: LiveResponse } } }, async () => ({
    status: 'ok' as const,
  }));

  fastify.get(
    '/ready',
    { schema: { response: { 200: ReadyResponse, 503: UnavailableResponse } } },
    async (request, reply) => {
      try {
        await fastify.database.sql`SELECT 1`;
        return { status: 'ready' as const };
      } catch (error) {
        request.log.warn({ err: error }, 'readiness check: database unavailable');
        return reply.code(503).send({ status: 'unavailable' as const });
      }
    },
  );
};

export default health;
