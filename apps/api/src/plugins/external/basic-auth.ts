import { createHash, timingSafeEqual } from 'node:crypto';
import basicAuth, { type FastifyBasicAuthOptions } from '@fastify/basic-auth';
import type { FastifyInstance } from 'fastify';

// Digests have one length whatever was sent, so the comparison below takes
// the same time for every wrong guess.
const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * The simulator's credentials, checked in constant time. Routes that need
 * them add `fastify.basicAuth` as an onRequest hook; a failure becomes the
 * contract's 403 in the error handler.
 */
export const autoConfig = (fastify: FastifyInstance): FastifyBasicAuthOptions => {
  const username = digest(fastify.config.SIMULATOR_USERNAME);
  const password = digest(fastify.config.SIMULATOR_PASSWORD);
  return {
    authenticate: false,
    async validate(givenUsername, givenPassword) {
      const usernameMatches = timingSafeEqual(digest(givenUsername), username);
      const passwordMatches = timingSafeEqual(digest(givenPassword), password);
      if (!(usernameMatches && passwordMatches)) {
        throw new Error('wrong simulator credentials');
      }
    },
  };
};

export default basicAuth;
