import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { resultCount } from '../../result-count.js';
import { ErrorResponse, errorBody, unknownUser } from '../../schemas/error.js';
import { FollowBody, FollowsResponse } from '../../schemas/follows.js';
import { ActionQuery, ListQuery, UsernameParams, security } from '../../schemas/query.js';

const follows: FastifyPluginAsyncTypebox = async (fastify) => {
  const { repository } = fastify;

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
      const follower = await repository.userByUsername(username);
      if (!follower) return reply.code(404).send(unknownUser(username));
      return {
        follows: await repository.followedUsernames(follower.id, resultCount(request.query.no)),
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
      const [follower, followed] = await Promise.all([
        repository.userByUsername(username),
        repository.userByUsername(target),
      ]);
      if (!follower) return reply.code(404).send(unknownUser(username));
      if (!followed) return reply.code(404).send(unknownUser(target));
      if (follow !== undefined) await repository.follow(follower.id, followed.id);
      else await repository.unfollow(follower.id, followed.id);
      return reply.code(204).send(null);
    },
  );
};

export default follows;
