import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { readNewPassword } from '@minitwit/service';
import { passwordProblem } from '../../../password-policy.js';
import { ChangePasswordForm } from '../../../schemas/forms.js';
import { showSettings } from '../../../settings-page.js';
import { signInRateLimit } from '../../../sign-in-rate-limit.js';

const wrongPassword = 'That is not your current password';

const changePassword: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.post(
    '',
    {
      config: { rateLimit: signInRateLimit(fastify.config) },
      schema: { body: ChangePasswordForm },
    },
    async (request, reply) => {
      const user = fastify.signedInUser(request);
      const { current = '', password, password2 = '' } = request.body;
      const refused = (passwordError: string) => showSettings(reply, { passwordError });
      const verified = await fastify.repository.signIn(user.username, current);
      if (typeof verified === 'string') return refused(wrongPassword);
      const newPassword = readNewPassword(password, { repeated: password2, passwordProblem });
      if ('error' in newPassword) return refused(newPassword.error);
      const generation = await fastify.repository.changePassword(user.id, newPassword.password);
      if (generation === undefined) return refused(wrongPassword);
      // Every session ended with the change; this one begins again in the new generation.
      fastify.startSession(request, {
        id: user.id,
        username: user.username,
        sessionGeneration: generation,
      });
      request.flash('info', 'Your password was changed, and every other session has ended');
      return reply.redirect('/settings');
    },
  );
};

export default changePassword;
