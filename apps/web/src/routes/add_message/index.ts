import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { MessageForm } from '../../schemas/forms.js';

const addMessage: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.post('', { schema: { body: MessageForm } }, async (request, reply) => {
    const user = fastify.signedInUser(request);
    const { text } = request.body;
    if (text) {
      await fastify.repository.post(user.id, text);
      request.flash('info', 'Your message was recorded');
    }
    return reply.redirect('/');
  });
};

export default addMessage;
