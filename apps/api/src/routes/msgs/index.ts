import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { TimelineText } from '@minitwit/db';
import type { FastifyReply } from 'fastify';
import { readMessageText } from '@minitwit/service';
import { type Static, Type } from 'typebox';
import type { SerialisedList } from '../../plugins/app/timeline-cache.js';
import { resultCount } from '../../result-count.js';
import { ErrorResponse, errorBody, unknownUser } from '../../schemas/error.js';
import { type Message, MessageList, PostMessageBody } from '../../schemas/messages.js';
import { ActionQuery, ListQuery, UsernameParams, security } from '../../schemas/query.js';

/** A timeline message in the simulator's words. */
const simulatorMessage = ({ text, pubDate, username }: TimelineText): Static<typeof Message> => ({
  content: text,
  pub_date: pubDate.toISOString(),
  user: username,
});

const messages: FastifyPluginAsyncTypebox = async (fastify) => {
  const { repository, timelineCache } = fastify;
  // A list is cached as the body the route's schema serialised (serialising
  // 100 messages costs more than sending them), and sent as it is.
  const sendList = (reply: FastifyReply, body: SerialisedList) =>
    reply.type('application/json; charset=utf-8').send(body);

  fastify.get(
    '',
    {
      schema: {
        summary: 'The public timeline',
        tags: ['messages'],
        security,
        querystring: ListQuery,
        response: { 200: MessageList, 403: ErrorResponse },
      },
    },
    async (request, reply) => {
      const count = resultCount(request.query.no);
      const body = await timelineCache.read(`public:${count}`, async () => ({
        shows: 'everyone' as const,
        value: reply.serialize((await repository.publicTimeline(count)).map(simulatorMessage)),
      }));
      return sendList(reply, body);
    },
  );

  fastify.get(
    '/:username',
    {
      schema: {
        summary: "A user's messages",
        tags: ['messages'],
        security,
        params: UsernameParams,
        querystring: ListQuery,
        response: { 200: MessageList, 403: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request, reply) => {
      const { username } = request.params;
      const count = resultCount(request.query.no);
      const body = await timelineCache.read(`user:${count}:${username}`, async () => {
        const author = await repository.userByUsername(username);
        if (!author) return undefined;
        const timeline = await repository.userTimeline(author.id, count);
        return { shows: author.id, value: reply.serialize(timeline.map(simulatorMessage)) };
      });
      if (body === undefined) return reply.code(404).send(unknownUser(username));
      return sendList(reply, body);
    },
  );

  fastify.post(
    '/:username',
    {
      schema: {
        summary: 'Post a message as a user',
        tags: ['messages'],
        security,
        params: UsernameParams,
        querystring: ActionQuery,
        body: PostMessageBody,
        response: {
          204: Type.Null({ description: 'Posted' }),
          400: ErrorResponse,
          403: ErrorResponse,
          404: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const { username } = request.params;
      const message = readMessageText(request.body.content);
      if ('error' in message) return reply.code(400).send(errorBody(400, message.error));
      const posted = await repository.postAs(username, message.text);
      if (!posted) return reply.code(404).send(unknownUser(username));
      return reply.code(204).send(null);
    },
  );
};

export default messages;
