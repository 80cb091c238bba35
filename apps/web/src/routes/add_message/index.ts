import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { MessageForm } from '../../schemas/forms.js';

const addMessage: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.post(
    '',
    { schema: { body: MessageForm }, preHandler: fastify.requireUser },
    async (request, reply) => {
      const { text } = request.body;
      const user = request.currentUser;
      if (text && user) {
        await fastify.messagesRepository.post(user.id, text);
        request.flash('info', 'Your message was recorded');
      }
      return reply.redirect('/');
    },
  );
};

export default addMessage;
