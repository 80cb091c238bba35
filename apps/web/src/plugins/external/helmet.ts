import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * Security headers on every answer. The pages use no inline script or
 * style, so the policy allows none: only our own script, stylesheet, forms
 * and images, and Gravatar's only when AVATARS=gravatar. HSTS is nginx's, where
 * TLS ends.
 */
export const autoConfig = (fastify: FastifyInstance): FastifyHelmetOptions => ({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      imgSrc: [
        "'self'",
        ...(fastify.config.AVATARS === 'gravatar' ? ['https://www.gravatar.com'] : []),
      ],
      styleSrc: ["'self'"],
      scriptSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  // Avatars are cross-origin images that send no CORP header.
  crossOriginEmbedderPolicy: false,
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  strictTransportSecurity: false,
});

export default helmet;
