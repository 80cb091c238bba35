import { createUser, type DatabaseClient, followUser, unfollowUser } from '@minitwit/db';
import { hashPassword } from '@minitwit/passwords';
import type { BusinessMetrics } from './business-metrics.js';
import type { Registration } from './registration.js';

/** The writes both services make and count as business events, each counted once stored. */
export function countedWrites(db: DatabaseClient, counters: BusinessMetrics) {
  return {
    /** Creates the user; 'taken' when the username exists, however close the race. */
    async register({ username, email, password }: Registration): Promise<'registered' | 'taken'> {
      const passwordHash = await hashPassword(password);
      const outcome = await createUser(db, { username, email, passwordHash });
      if (outcome === 'registered') counters.registrations.inc();
      return outcome;
    },
    /** Idempotent: following someone already followed changes nothing. */
    async follow(followerId: number, followedId: number): Promise<void> {
      if (await followUser(db, followerId, followedId)) counters.follows.inc();
    },
    /** Idempotent: unfollowing someone not followed changes nothing. */
    async unfollow(followerId: number, followedId: number): Promise<void> {
      if (await unfollowUser(db, followerId, followedId)) counters.unfollows.inc();
    },
  };
}

export type CountedWrites = ReturnType<typeof countedWrites>;
