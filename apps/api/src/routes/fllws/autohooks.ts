import type { FastifyInstance } from 'fastify';

/** Every /fllws route is the simulator's only. */
export default async function requireSimulator(fastify: FastifyInstance) {
  fastify.addHook('onRequest', fastify.basicAuth);
}
