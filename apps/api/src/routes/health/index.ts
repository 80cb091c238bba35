import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, errorBody } from '../../schemas/error.js';
import { HealthResponse } from '../../schemas/health.js';

const health: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/live',
    {
      config: { recordsLatest: false, public: true },
      schema: {
        summary: 'Liveness: the process serves requests',
        tags: ['health'],
        response: { 200: HealthResponse },
      },
    },
    async () => ({ status: 'ok' }),
  );

  fastify.get(
    '/ready',
    {
      config: { recordsLatest: false, public: true },
      schema: {
        summary: 'Readiness: the database answers',
        tags: ['health'],
        response: { 200: HealthResponse, 503: ErrorResponse },
      },
    },
    async (request, reply) => {
      try {
        await fastify.database.sql`SELECT 1`;
        return { status: 'ready' };
      } catch (error) {
        request.log.warn({ err: error }, 'readiness check: database unavailable');
        return reply.code(503).send(errorBody(503, 'The database is unavailable'));
      }
    },
  );
};

export default health;
