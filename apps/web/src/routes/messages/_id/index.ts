import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { FlagForm, MessageParams } from '../../../schemas/moderation.js';

const messagePages: FastifyPluginAsyncTypebox = async (fastify) => {
  // Moderators only: the control is on their pages alone, and a request from
  // anyone else (a forged form, a hand-made request) is refused here.
  fastify.post(
    '/flag',
    { schema: { params: MessageParams, body: FlagForm } },
    async (request, reply) => {
      const viewer = fastify.signedInUser(request);
      if (!viewer.isModerator) {
        return reply
          .code(403)
          .page('error.hbs', 'Forbidden', { message: 'Only moderators can flag messages.' });
      }
      const { id } = request.params;
      // An empty reason field is no reason.
      const reason = request.body.reason?.trim();
      const outcome = await fastify.repository.flagMessage(
        id,
        viewer,
        reason === '' ? undefined : reason,
      );
      if (outcome === 'no such message') {
        return reply
          .code(404)
          .page('error.hbs', 'Page Not Found', { message: `There is no message ${id}.` });
      }
      request.flash(
        'info',
        outcome === 'flagged'
          ? 'The message was flagged: it is hidden from every timeline'
          : 'The message was already flagged',
      );
      return reply.redirect(request.body.next ?? '/public');
    },
  );
};

export default messagePages;
