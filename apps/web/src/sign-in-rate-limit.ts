import type { FastifyInstance } from 'fastify';

/** Route options that limit password guessing (sign-in and sign-up POSTs) per client address. */
export const signInRateLimit = (config: FastifyInstance['config']) => ({
  max: config.SIGN_IN_ATTEMPTS_PER_MINUTE,
  timeWindow: 60_000,
});
