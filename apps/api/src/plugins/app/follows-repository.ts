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
  /** The usernames that the user follows, oldest follow first. */
  followedUsernames(followerId: number, limit: number): Promise<string[]>;
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
    async followedUsernames(followerId, limit) {
      const { rows } = await db.sql<{ username: string }>`
        SELECT u.username FROM follows f JOIN users u ON u.id = f.followed_id
        WHERE f.follower_id = ${followerId}
        ORDER BY f.created_at, f.followed_id
        LIMIT ${limit}`;
      return rows.map((row) => row.username);
    },
  } satisfies FollowsRepository);
}

export default fp(followsRepository, {
  name: 'follows-repository',
  dependencies: ['database', 'api-business-metrics'],
});
