import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

const logout: FastifyPluginAsyncTypebox = async (fastify) => {
  // Signing out changes the session: another site must not do it for the visitor.
  fastify.get('', { config: { changesState: true } }, async (request, reply) => {
    await fastify.endSession(request);
    request.flash('info', 'You were logged out');
    return reply.redirect('/public');
  });
};

export default logout;
