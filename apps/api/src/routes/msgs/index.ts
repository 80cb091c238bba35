import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { pageSize } from '../../page-size.js';
import { ErrorResponse, errorBody, unknownUser } from '../../schemas/error.js';
import { MessageList, PostMessageBody } from '../../schemas/messages.js';
import { ActionQuery, ListQuery, UsernameParams, security } from '../../schemas/query.js';

const messages: FastifyPluginAsyncTypebox = async (fastify) => {
  const { messagesRepository, usersRepository } = fastify;

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
    async (request) => messagesRepository.publicTimeline(pageSize(request.query.no)),
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
      const authorId = await usersRepository.idOf(username);
      if (authorId === undefined) return reply.code(404).send(unknownUser(username));
      return messagesRepository.userTimeline(authorId, pageSize(request.query.no));
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
      const { content } = request.body;
      if (!content) return reply.code(400).send(errorBody(400, 'You have to enter a message'));
      const posted = await messagesRepository.postAs(username, content);
      if (!posted) return reply.code(404).send(unknownUser(username));
      return reply.code(204).send(null);
    },
  );
};

export default messages;
