import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DeleteAccountForm } from '../../../schemas/forms.js';
import { showSettings } from '../../../settings-page.js';
import { signInRateLimit } from '../../../sign-in-rate-limit.js';

const deleteAccount: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.post(
    '',
    { config: { rateLimit: signInRateLimit(fastify.config) }, schema: { body: DeleteAccountForm } },
    async (request, reply) => {
      const user = fastify.signedInUser(request);
      const verified = await fastify.repository.signIn(user.username, request.body.password ?? '');
      if (typeof verified === 'string') {
        return showSettings(reply, { deleteError: 'That is not your password' });
      }
      await fastify.repository.deleteAccount(user.id);
      // Emptied, not deleted: the flash that says so lives in it.
      request.session.regenerate();
      request.flash('info', 'Your account was deleted, with your messages and follows');
      return reply.redirect('/public');
    },
  );
};

export default deleteAccount;
