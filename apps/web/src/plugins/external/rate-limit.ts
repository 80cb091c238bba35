import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    /** Route options that limit password guessing (sign-in and sign-up POSTs) per client address. */
    signInRateLimit: { max: number; timeWindow: number };
  }
}

class TooManyAttempts extends Error {
  statusCode = 429;
  constructor(retryAfterSeconds: number) {
    super(`Too many attempts from your address. Please try again in ${retryAfterSeconds} s.`);
  }
}

/**
 * Rate limits, only where routes ask for one (config.rateLimit). The client
 * address is request.ip, which behind nginx (TRUST_PROXY) is the visitor's.
 * Counts are kept per replica; nginx limits the same routes at the edge.
 */
async function rateLimits(fastify: FastifyInstance) {
  await fastify.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => new TooManyAttempts(Math.ceil(context.ttl / 1000)),
  });
  fastify.decorate('signInRateLimit', {
    max: fastify.config.SIGN_IN_ATTEMPTS_PER_MINUTE,
    timeWindow: 60_000,
  });
}

export default fp(rateLimits, { name: 'rate-limit' });
