import { followUser, unfollowUser } from '@minitwit/db';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    followsRepository: FollowsRepository;
  }
}

export interface FollowsRepository {
  /** Idempotent: following someone already followed changes nothing. */
  follow(followerId: number, followedId: number): Promise<void>;
  /** Idempotent: unfollowing someone not followed changes nothing. */
  unfollow(followerId: number, followedId: number): Promise<void>;
  isFollowing(followerId: number, followedId: number): Promise<boolean>;
}

async function followsRepository(fastify: FastifyInstance) {
  const { db, businessCounters } = fastify;
  fastify.decorate('followsRepository', {
    async follow(followerId, followedId) {
      if (await followUser(db, followerId, followedId)) businessCounters.follows.inc();
    },
    async unfollow(followerId, followedId) {
      if (await unfollowUser(db, followerId, followedId)) businessCounters.unfollows.inc();
    },
    async isFollowing(followerId, followedId) {
      const { rowCount } = await db.sql`
        SELECT 1 FROM follows WHERE follower_id = ${followerId} AND followed_id = ${followedId}`;
      return rowCount > 0;
    },
  } satisfies FollowsRepository);
}

export default fp(followsRepository, {
  name: 'follows-repository',
  dependencies: ['database', 'web-business-metrics'],
});
