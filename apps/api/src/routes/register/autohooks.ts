import type { FastifyInstance } from 'fastify';

/**
 * Registration is the simulator's only, as every other write: each one costs
 * an argon2id hash, so an open /register let anyone create users in bulk
 * and spend the API's CPU (issue 15).
 */
export default async function requireSimulator(fastify: FastifyInstance) {
  fastify.addHook('onRequest', fastify.basicAuth);
}
