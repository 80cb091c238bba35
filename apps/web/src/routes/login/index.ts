import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { LoginForm } from '../../schemas/forms.js';
import { signInRateLimit } from '../../sign-in-rate-limit.js';

const login: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get('', async (request, reply) => {
    if (request.currentUser) return reply.redirect('/');
    return reply.page('login.hbs', 'Sign In');
  });

  fastify.post(
    '',
    { config: { rateLimit: signInRateLimit(fastify.config) }, schema: { body: LoginForm } },
    async (request, reply) => {
      if (request.currentUser) return reply.redirect('/');
      const { username = '', password = '' } = request.body;
      const user = await fastify.repository.signIn(username, password);
      if (user === 'unknown' || user === 'wrong password') {
        const error = user === 'unknown' ? 'Invalid username' : 'Invalid password';
        const invalid = user === 'unknown' ? { username: true } : { password: true };
        return reply.page('login.hbs', 'Sign In', { error, username, invalid });
      }
      fastify.startSession(request, user);
      request.flash('info', 'You were logged in');
      return reply.redirect('/');
    },
  );
};

export default login;
