import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';

/**
 * Security headers on every answer. The pages use no script and no inline
 * style, so the policy allows none: only our own stylesheet and forms, and
 * avatars from Gravatar. HSTS is nginx's, where TLS ends.
 */
export const autoConfig: FastifyHelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      imgSrc: ["'self'", 'https://www.gravatar.com'],
      styleSrc: ["'self'"],
      scriptSrc: ["'none'"],
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
};

export default helmet;
