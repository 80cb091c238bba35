import flash from '@fastify/flash';
import secureSession from '@fastify/secure-session';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

declare module '@fastify/secure-session' {
  interface SessionData {
    userId: number;
  }
}

/**
 * Sessions live in a sealed (encrypted and authenticated) cookie, so any
 * replica can read any session and no session store is needed. The cookie is
 * HttpOnly and SameSite=Lax, and Secure whenever the request came over TLS.
 * Flash messages ride in the same session and are shown once.
 */
async function session(fastify: FastifyInstance) {
  await fastify.register(secureSession, {
    cookieName: 'minitwit_session',
    secret: fastify.config.SESSION_SECRET,
    // A fixed salt is fine: the secret is what must stay unknown.
    salt: 'minitwit-session',
    expiry: 7 * 24 * 60 * 60,
    cookie: { path: '/', httpOnly: true, sameSite: 'lax', secure: 'auto' },
  });
  await fastify.register(flash);
}

export default fp(session, { name: 'session' });
