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
  const { db } = fastify;
  fastify.decorate('followsRepository', {
    follow: (followerId, followedId) => followUser(db, followerId, followedId),
    unfollow: (followerId, followedId) => unfollowUser(db, followerId, followedId),
    async isFollowing(followerId, followedId) {
      const follow = await db.follow.findUnique({
        where: { followerId_followedId: { followerId, followedId } },
        select: { followerId: true },
      });
      return follow !== null;
    },
  } satisfies FollowsRepository);
}

export default fp(followsRepository, { name: 'follows-repository', dependencies: ['database'] });
