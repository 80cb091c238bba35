import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type RegistrationError, readRegistration, registrationErrors } from '@minitwit/service';
import { passwordProblem } from '../../password-policy.js';
import { RegisterForm } from '../../schemas/forms.js';
import { signInRateLimit } from '../../sign-in-rate-limit.js';

const register: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get('', async (request, reply) => {
    if (request.currentUser) return reply.redirect('/');
    return reply.page('register.hbs', 'Sign Up');
  });

  fastify.post(
    '',
    { config: { rateLimit: signInRateLimit(fastify.config) }, schema: { body: RegisterForm } },
    async (request, reply) => {
      if (request.currentUser) return reply.redirect('/');
      const { password2, ...fields } = request.body;
      const registration = readRegistration(fields, {
        repeated: password2 ?? '',
        passwordProblem,
      });
      const form = { username: request.body.username, email: request.body.email };
      // The error is tied to the field it is about (aria-describedby, aria-invalid).
      const refused = ({ error, field }: RegistrationError) =>
        reply.page('register.hbs', 'Sign Up', { ...form, error, invalid: { [field]: true } });
      if ('error' in registration) return refused(registration);
      if ((await fastify.repository.register(registration)) === 'taken') {
        return refused({ error: registrationErrors.taken, field: 'username' });
      }
      request.flash('info', 'You were successfully registered and can login now');
      return reply.redirect('/login');
    },
  );
};

export default register;
