import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';

/**
 * Security headers on every answer. The API answers JSON, which needs
 * nothing from a browser, so the policy allows nothing; the /docs page sets
 * its own (see swagger-ui.ts). HSTS is nginx's, where TLS ends.
 */
export const autoConfig: FastifyHelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  strictTransportSecurity: false,
};

export default helmet;
