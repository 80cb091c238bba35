import path from 'node:path';
import fastifyStatic, { type FastifyStaticOptions } from '@fastify/static';

/** The stylesheet and other files in public/, under /static/. */
export const autoConfig: FastifyStaticOptions = {
  root: path.join(import.meta.dirname, '..', '..', '..', 'public'),
  prefix: '/static/',
  maxAge: '1h',
};

export default fastifyStatic;
