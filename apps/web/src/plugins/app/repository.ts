import {
  type AccountData,
  accountData,
  type ProfileCounts,
  profileCounts,
  authors,
  changePassword,
  deleteUser,
  endSessions,
  isFollowing,
  moderateMessages,
  postMessage,
  type Prisma,
  readHomeTimeline,
  readTimeline,
  replacePasswordHash,
  type SessionUserRecord,
  type SignInRecord,
  sessionRecord,
  signInRecord,
  type UserSummary,
  userByUsername,
} from '@minitwit/db';
import { hashPassword, needsRehash, verifyPassword } from '@minitwit/passwords';
import { type CountedWrites, countedWrites } from '@minitwit/service';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import {
  type TimelinePlace,
  type TimelinePage,
  pageOf,
  pageSize,
} from '../../timeline-pagination.js';

declare module 'fastify' {
  interface FastifyInstance {
    repository: Repository;
  }
}

/** A page of a home timeline, and its authors: the user and everyone they follow. */
export interface HomePage {
  page: TimelinePage;
  authors: number[];
}

/** A user as a new session records them: with the generation their sessions are in. */
export type SessionUser = Omit<SignInRecord, 'passwordHash'>;

/** What the web app reads and writes, from the shared data layer; it counts the business events. */
export interface Repository extends CountedWrites {
  /** The user with this username and password: 'unknown' or 'wrong password' otherwise. */
  signIn(username: string, password: string): Promise<SessionUser | 'unknown' | 'wrong password'>;
  /** The user of a session, unless their sessions were ended since it began (or they are gone). */
  sessionUser(id: number, sessionGeneration: number): Promise<SessionUserRecord | undefined>;
  /** Ends every session of the user: the sessions begun before now stop being valid. */
  endSessions(id: number): Promise<void>;
  /** Sets the user's password and ends every session of theirs: the generation a new one begins in. */
  changePassword(id: number, password: string): Promise<number | undefined>;
  /** Deletes the user, their messages and follows; gone from this replica's pages at once. */
  deleteAccount(id: number): Promise<void>;
  /** The user's profile, messages and follows, theirs to take. */
  accountData(id: number): Promise<AccountData | undefined>;
  userByUsername(username: string): Promise<UserSummary | undefined>;
  isFollowing(followerId: number, followedId: number): Promise<boolean>;
  /** A user page's counts: read on every visit, since follows change them unannounced. */
  profileCounts(userId: number): Promise<ProfileCounts>;
  publicTimeline(place: TimelinePlace): Promise<TimelinePage>;
  userTimeline(authorId: number, place: TimelinePlace): Promise<TimelinePage>;
  /** The user's own messages and those of everyone they follow, and whose they are (the cache's). */
  homeTimeline(userId: number, place: TimelinePlace): Promise<HomePage>;
  post(authorId: number, text: string): Promise<void>;
  /** Hides a message from every timeline, recorded as this moderator's flag. */
  flagMessage(
    messageId: number,
    moderator: UserSummary,
    reason?: string,
  ): Promise<'flagged' | 'already flagged' | 'no such message'>;
}

async function repository(fastify: FastifyInstance) {
  const { database: db, businessMetrics, sessionCache, messagesChanged, followsChanged } = fastify;
  const writes = countedWrites(db, businessMetrics);
  // A page and the first message of the next, which says whether there is one.
  const page = async (whose: Prisma.Sql, place: TimelinePlace): Promise<TimelinePage> =>
    pageOf(await readTimeline(db, whose, { limit: pageSize + 1, ...place }), place) ??
    page(whose, {});

  fastify.decorate('repository', {
    ...writes,
    // Before the redirect, as a post: the pages here show it at once.
    async follow(follower, followed) {
      await writes.follow(follower, followed);
      followsChanged({ follower, followed });
    },
    async unfollow(follower, followed) {
      await writes.unfollow(follower, followed);
      followsChanged({ follower, followed });
    },
    async signIn(username, password) {
      const user = await signInRecord(db, username);
      // Checked even for an unknown user, so the time taken does not say which.
      const verified = await verifyPassword(user?.passwordHash, password);
      if (!user) return 'unknown';
      if (!verified) return 'wrong password';
      // A hash from an earlier MiniTwit (or older parameters) becomes argon2id
      // now, while the password is at hand: the only moment it can.
      if (needsRehash(user.passwordHash)) {
        await replacePasswordHash(db, {
          id: user.id,
          previousHash: user.passwordHash,
          passwordHash: await hashPassword(password),
        });
      }
      return { id: user.id, username: user.username, sessionGeneration: user.sessionGeneration };
    },
    async sessionUser(id, sessionGeneration) {
      const record = await sessionCache.read(String(id), async () => {
        const read = await sessionRecord(db, id);
        return read && { value: read, shows: id };
      });
      if (record?.sessionGeneration !== sessionGeneration) return undefined;
      return { id: record.id, username: record.username, isModerator: record.isModerator };
    },
    // Each change to a session record is heard by this replica at once, by
    // the others from the database.
    async endSessions(id) {
      await endSessions(db, id);
      sessionCache.changed(id);
    },
    async changePassword(id, password) {
      const generation = await changePassword(db, {
        id,
        passwordHash: await hashPassword(password),
      });
      sessionCache.changed(id);
      return generation;
    },
    async deleteAccount(id) {
      await deleteUser(db, id);
      sessionCache.changed(id);
      // Before the redirect, as a post: the other replicas hear it from the database.
      messagesChanged(id);
    },
    accountData: (id) => accountData(db, id),
    userByUsername: (username) => userByUsername(db, username),
    isFollowing: (followerId, followedId) => isFollowing(db, followerId, followedId),
    profileCounts: (userId) => profileCounts(db, userId),
    publicTimeline: (place) => page(authors.everyone, place),
    userTimeline: (authorId, place) => page(authors.user(authorId), place),
    async homeTimeline(userId, place) {
      const home = await readHomeTimeline(db, userId, { limit: pageSize + 1, ...place });
      const shown = pageOf(home.messages, place);
      return shown ? { page: shown, authors: home.authors } : this.homeTimeline(userId, {});
    },
    async post(authorId, text) {
      await postMessage(db, authorId, text);
      businessMetrics.messages.inc();
      // Before the redirect: the next page here must show it, whenever the notification comes.
      messagesChanged(authorId);
    },
    async flagMessage(messageId, moderator, reason) {
      const { changed, unchanged } = await moderateMessages(db, {
        messageIds: [messageId],
        flagged: true,
        moderator: { userId: moderator.id, username: moderator.username },
        reason,
      });
      if (changed.length > 0) {
        // Gone from this replica's pages before the redirect; the others hear it from the database.
        messagesChanged('everyone');
        return 'flagged';
      }
      return unchanged.length > 0 ? 'already flagged' : 'no such message';
    },
  } satisfies Repository);
}

export default fp(repository, {
  name: 'repository',
  dependencies: ['database', 'business-metrics', 'timeline-cache'],
});
