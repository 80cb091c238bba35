import { createHash, timingSafeEqual } from 'node:crypto';
import basicAuth from '@fastify/basic-auth';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

// Digests have one length whatever was sent, so the comparison below takes
// the same time for every wrong guess.
const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * The simulator's credentials, checked in constant time. Routes that need
 * them add `fastify.basicAuth` as an onRequest hook; a failure becomes the
 * contract's 403 in the error handler.
 */
async function simulatorAuth(fastify: FastifyInstance) {
  const username = digest(fastify.config.SIMULATOR_USERNAME);
  const password = digest(fastify.config.SIMULATOR_PASSWORD);
  await fastify.register(basicAuth, {
    authenticate: false,
    async validate(givenUsername, givenPassword) {
      const usernameMatches = timingSafeEqual(digest(givenUsername), username);
      const passwordMatches = timingSafeEqual(digest(givenPassword), password);
      if (!(usernameMatches && passwordMatches)) {
        throw new Error('wrong simulator credentials');
      }
    },
  });
}

export default fp(simulatorAuth, { name: 'simulator-auth' });
