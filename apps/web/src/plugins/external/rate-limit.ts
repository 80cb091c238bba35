import rateLimit, { type RateLimitPluginOptions } from '@fastify/rate-limit';

class TooManyAttempts extends Error {
  statusCode = 429;
  constructor(retryAfterSeconds: number) {
    super(`Too many attempts from your address. Please try again in ${retryAfterSeconds} s.`);
  }
}

/**
 * Rate limits, only where routes ask for one (config.rateLimit: the sign-in
 * and sign-up forms, signInRateLimit). The client address is request.ip,
 * which behind nginx (TRUST_PROXY) is the visitor's. Counts are kept per
 * replica; nginx limits the same routes at the edge.
 */
export const autoConfig: RateLimitPluginOptions = {
  global: false,
  errorResponseBuilder: (_request, context) => new TooManyAttempts(Math.ceil(context.ttl / 1000)),
};

export default rateLimit;
