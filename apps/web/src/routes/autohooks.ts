import type { FastifyInstance } from 'fastify';

/**
 * Every page knows its visitor. Only the routes here look the visitor up:
 * the stylesheet and /metrics need no database query per request.
 */
export default async function identifyVisitor(fastify: FastifyInstance) {
  fastify.addHook('preHandler', fastify.identifyVisitor);
}
