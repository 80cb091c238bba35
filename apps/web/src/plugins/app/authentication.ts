import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { SessionUserRecord } from '@minitwit/db';
import type { SessionUser } from './repository.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user (and whether they moderate), or null. */
    currentUser: SessionUserRecord | null;
  }
  interface FastifyInstance {
    /** A preHandler that sets request.currentUser from the session (pages run it; files and metrics do not). */
    identifyVisitor: (request: FastifyRequest) => Promise<void>;
    /** The signed-in user; for a signed-out visitor the request ends with the 401 page. */
    signedInUser: (request: FastifyRequest) => SessionUserRecord;
    /** Signs the visitor in as `user`, in a new session: nothing from before it carries over. */
    startSession: (request: FastifyRequest, user: SessionUser) => void;
    /** Signs the visitor out: every session of the user ends, on every device. */
    endSession: (request: FastifyRequest) => Promise<void>;
  }
}

class SignInRequired extends Error {
  statusCode = 401;
  constructor() {
    super('You need to sign in to do that.');
  }
}

const nowInSeconds = () => Math.floor(Date.now() / 1000);

async function authentication(fastify: FastifyInstance) {
  const maxAgeSeconds = fastify.config.SESSION_MAX_AGE_DAYS * 24 * 60 * 60;

  fastify.decorateRequest('currentUser', null);
  fastify.decorate('identifyVisitor', async (request: FastifyRequest) => {
    const { session } = request;
    const userId = session.get('userId');
    if (userId === undefined) return;
    const generation = session.get('generation');
    const signedInAt = session.get('signedInAt');
    // A session too old, or of a user signed out since (or gone), is no
    // session; one without the fields (from before they existed) neither.
    const user =
      generation !== undefined &&
      signedInAt !== undefined &&
      nowInSeconds() < signedInAt + maxAgeSeconds
        ? await fastify.repository.sessionUser(userId, generation)
        : undefined;
    if (user) request.currentUser = user;
    else session.delete();
  });
  fastify.decorate('signedInUser', (request: FastifyRequest) => {
    if (!request.currentUser) throw new SignInRequired();
    return request.currentUser;
  });
  fastify.decorate('startSession', (request: FastifyRequest, user: SessionUser) => {
    request.session.regenerate();
    request.session.set('userId', user.id);
    request.session.set('generation', user.sessionGeneration);
    request.session.set('signedInAt', nowInSeconds());
  });
  fastify.decorate('endSession', async (request: FastifyRequest) => {
    // The cookie could have been copied: only the server can make it worthless.
    if (request.currentUser) await fastify.repository.endSessions(request.currentUser.id);
    // Emptied rather than deleted: the flash that says so lives in it.
    request.session.regenerate();
  });
}

export default fp(authentication, {
  name: 'authentication',
  dependencies: ['session', 'repository'],
});
