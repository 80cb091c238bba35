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
  const { db } = fastify;
  fastify.decorate('followsRepository', {
    async follow(followerId, followedId) {
      // INSERT … ON CONFLICT DO NOTHING: no duplicate pair, no error on a repeat.
      await db.follow.createMany({ data: [{ followerId, followedId }], skipDuplicates: true });
    },
    async unfollow(followerId, followedId) {
      await db.follow.deleteMany({ where: { followerId, followedId } });
    },
    async followedUsernames(followerId, limit) {
      const rows = await db.follow.findMany({
        where: { followerId },
        orderBy: [{ createdAt: 'asc' }, { followedId: 'asc' }],
        take: limit,
        select: { followed: { select: { username: true } } },
      });
      return rows.map((row) => row.followed.username);
    },
  } satisfies FollowsRepository);
}

export default fp(followsRepository, { name: 'follows-repository', dependencies: ['database'] });
