import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** The stylesheet and other files in public/, under /static/. */
async function staticFiles(fastify: FastifyInstance) {
  await fastify.register(fastifyStatic, {
    root: path.join(import.meta.dirname, '..', '..', '..', 'public'),
    prefix: '/static/',
    maxAge: '1h',
  });
}

export default fp(staticFiles, { name: 'static' });
