import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { pageSize } from '../../page-size.js';
import { ErrorResponse, errorBody, unknownUser } from '../../schemas/error.js';
import { FollowBody, FollowsResponse } from '../../schemas/follows.js';
import { ActionQuery, ListQuery, UsernameParams, security } from '../../schemas/query.js';

const follows: FastifyPluginAsyncTypebox = async (fastify) => {
  const { followsRepository, usersRepository } = fastify;

  fastify.get(
    '/:username',
    {
      schema: {
        summary: 'Whom a user follows',
        tags: ['follows'],
        security,
        params: UsernameParams,
        querystring: ListQuery,
        response: { 200: FollowsResponse, 403: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request, reply) => {
      const { username } = request.params;
      const followerId = await usersRepository.idOf(username);
      if (followerId === undefined) return reply.code(404).send(unknownUser(username));
      return {
        follows: await followsRepository.followedUsernames(followerId, pageSize(request.query.no)),
      };
    },
  );

  fastify.post(
    '/:username',
    {
      schema: {
        summary: 'Follow or unfollow a user',
        tags: ['follows'],
        security,
        params: UsernameParams,
        querystring: ActionQuery,
        body: FollowBody,
        response: {
          204: Type.Null({ description: 'Done, or nothing to do' }),
          400: ErrorResponse,
          403: ErrorResponse,
          404: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const { username } = request.params;
      const { follow, unfollow } = request.body;
      const target = follow ?? unfollow;
      if (target === undefined || (follow !== undefined && unfollow !== undefined)) {
        return reply.code(400).send(errorBody(400, 'Send exactly one of "follow" and "unfollow"'));
      }
      // Both looked up at once: one database round trip less.
      const [followerId, targetId] = await Promise.all([
        usersRepository.idOf(username),
        usersRepository.idOf(target),
      ]);
      if (followerId === undefined) return reply.code(404).send(unknownUser(username));
      if (targetId === undefined) return reply.code(404).send(unknownUser(target));
      if (follow !== undefined) await followsRepository.follow(followerId, targetId);
      else await followsRepository.unfollow(followerId, targetId);
      return reply.code(204).send(null);
    },
  );
};

export default follows;
