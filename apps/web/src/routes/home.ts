import type { FastifyInstance } from 'fastify';

export default async function home(fastify: FastifyInstance) {
  fastify.get('/', async (request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .send('<!doctype html><title>MiniTwit</title><h1>MiniTwit</h1>'),
  );
  fastify.get('/health/live', async () => ({ status: 'ok' }));
}
