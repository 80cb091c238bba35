import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

const health: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get('/live', async () => ({ status: 'ok' }));

  fastify.get('/ready', async (request, reply) => {
    try {
      await fastify.database.sql`SELECT 1`;
      return { status: 'ready' };
    } catch (error) {
      request.log.warn({ err: error }, 'readiness check: database unavailable');
      return reply.code(503).send({ status: 'unavailable' });
    }
  });
};

export default health;
