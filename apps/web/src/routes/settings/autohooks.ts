import type { FastifyInstance } from 'fastify';

/** Everything under /settings is the signed-in user's own: signed out, the 401 page. */
export default async function signedInOnly(fastify: FastifyInstance) {
  fastify.addHook('preHandler', async (request) => {
    fastify.signedInUser(request);
  });
}
