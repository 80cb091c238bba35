import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { UserSummary } from './users-repository.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user, or null. */
    currentUser: UserSummary | null;
  }
  interface FastifyInstance {
    /** A preHandler that sets request.currentUser from the session (pages run it; files and metrics do not). */
    identifyVisitor: (request: FastifyRequest) => Promise<void>;
    /** A preHandler that answers 401 to a signed-out visitor. */
    requireUser: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  }
}

export class SignInRequired extends Error {
  statusCode = 401;
  constructor() {
    super('You need to sign in to do that.');
  }
}

async function authentication(fastify: FastifyInstance) {
  fastify.decorateRequest('currentUser', null);
  fastify.decorate('identifyVisitor', async (request: FastifyRequest) => {
    const userId = request.session.get('userId');
    if (userId === undefined) return;
    const user = await fastify.usersRepository.byId(userId);
    // A session of a user who no longer exists is no session.
    if (user) request.currentUser = user;
    else request.session.delete();
  });
  fastify.decorate('requireUser', async (request: FastifyRequest) => {
    if (!request.currentUser) throw new SignInRequired();
  });
}

export default fp(authentication, {
  name: 'authentication',
  dependencies: ['session', 'users-repository'],
});
