import { requestLog } from '@minitwit/service';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** The shared request log, naming the signed-in visitor. */
async function webRequestLog(fastify: FastifyInstance) {
  await fastify.register(requestLog, { userOf: (request) => request.currentUser?.username });
}

export default fp(webRequestLog, { name: 'web-request-log', dependencies: ['authentication'] });
