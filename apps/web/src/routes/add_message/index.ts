import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { readMessageText } from '@minitwit/service';
import { showMyTimeline } from '../../my-timeline-page.js';
import { MessageForm } from '../../schemas/forms.js';

const addMessage: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.post('', { schema: { body: MessageForm } }, async (request, reply) => {
    const user = fastify.signedInUser(request);
    const { text = '' } = request.body;
    const message = readMessageText(text);
    // Refused: the user's page again, their text in the box, and why.
    if ('error' in message) {
      return showMyTimeline(request, reply, user, { refused: { text, error: message.error } });
    }
    await fastify.repository.post(user.id, message.text);
    request.flash('info', 'Your message was recorded');
    return reply.redirect('/');
  });
};

export default addMessage;
