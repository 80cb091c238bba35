import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Static } from 'typebox';
import { RegisterForm, registerErrors } from '../../schemas/forms.js';

/** The new user, or the first error the form makes, in the classic order. */
function readRegistration({ username, email, password, password2 }: Static<typeof RegisterForm>) {
  if (!username) return { error: registerErrors.username };
  if (!email?.includes('@')) return { error: registerErrors.email };
  if (!password) return { error: registerErrors.password };
  if (password !== password2) return { error: registerErrors.mismatch };
  return { username, email, password };
}

const register: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get('', async (request, reply) => {
    if (request.currentUser) return reply.redirect('/');
    return reply.page('register.hbs', 'Sign Up');
  });

  fastify.post(
    '',
    { config: { rateLimit: fastify.signInRateLimit }, schema: { body: RegisterForm } },
    async (request, reply) => {
      if (request.currentUser) return reply.redirect('/');
      const registration = readRegistration(request.body);
      const form = { username: request.body.username, email: request.body.email };
      if ('error' in registration) {
        return reply.page('register.hbs', 'Sign Up', { ...form, error: registration.error });
      }
      if ((await fastify.usersRepository.register(registration)) === 'taken') {
        return reply.page('register.hbs', 'Sign Up', { ...form, error: registerErrors.taken });
      }
      request.flash('info', 'You were successfully registered and can login now');
      return reply.redirect('/login');
    },
  );
};

export default register;
