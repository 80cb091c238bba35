import { hkdfSync } from 'node:crypto';
import flash from '@fastify/flash';
import secureSession from '@fastify/secure-session';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

declare module '@fastify/secure-session' {
  interface SessionData {
    userId: number;
    /** The user's session generation at sign-in: raising it ends the session. */
    generation: number;
    /** When the visitor signed in (Unix seconds): the session ends SESSION_MAX_AGE_DAYS after. */
    signedInAt: number;
  }
}

/**
 * A session cookie ends a week after it was last sealed: at sign-in, or when
 * a page sets or shows a flash (a page read alone writes no cookie); and at
 * the latest SESSION_MAX_AGE_DAYS after sign-in.
 */
const idleSeconds = 7 * 24 * 60 * 60;

/**
 * The 32-byte sealing key of one SESSION_SECRET key. The secrets are long
 * random strings, so HKDF is enough (no password hash to slow guessing).
 */
const sealingKey = (secret: string) =>
  Buffer.from(hkdfSync('sha256', secret, 'minitwit-session', 'session cookie', 32));

/**
 * Sessions live in a sealed (encrypted and authenticated) cookie, so any
 * replica can read any session and no session store is needed. The cookie is
 * HttpOnly and SameSite=Lax, and Secure whenever the request came over TLS.
 * Cookies are sealed with the first SESSION_SECRET key and opened with any
 * (a cookie opened with an older one is sealed again with the first), so a
 * key can be rotated without signing anyone out. Flash messages ride in the
 * same session and are shown once. One plugin registers both (not two files
 * with autoConfig): @fastify/flash needs the session's request decorator when
 * it registers, and autoload would load flash.ts first.
 */
async function session(fastify: FastifyInstance) {
  await fastify.register(secureSession, {
    cookieName: 'minitwit_session',
    key: fastify.config.SESSION_SECRET.split(',').map(sealingKey),
    expiry: idleSeconds,
    cookie: { path: '/', httpOnly: true, sameSite: 'lax', secure: 'auto' },
  });
  await fastify.register(flash);
}

export default fp(session, { name: 'session' });
