import type {
  FollowChange,
  ProfileCounts,
  SessionRecord,
  TimelineCache,
  TimelineChange,
  TimelineRead,
  UserSummary,
} from '@minitwit/db';
import { listenForChanges, meteredCache } from '@minitwit/service';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

/** A timeline page as every visitor sees it (the follow button and the flashes are added per visitor). */
export interface CachedTimeline {
  /** Whose page it is: a user's timeline, with their counts. */
  profile?: UserSummary;
  counts?: ProfileCounts;
  /** The messages and the links to the pages beside it (timelineMarkup). */
  markup: string;
}

/** Reads a timeline page from the database; `flagReturnsTo` adds a moderator's flag controls. */
export type ReadTimelinePage = (
  flagReturnsTo?: string,
) => Promise<TimelineRead<CachedTimeline> | undefined>;

/**
 * The page for this visitor: from `cache`, or for a moderator, whose pages
 * carry flag controls (returning to `flagReturnsTo`, this page by default),
 * read for them alone and never cached.
 */
type CachedPage = (
  request: FastifyRequest,
  key: string,
  read: ReadTimelinePage,
  flagReturnsTo?: string,
) => Promise<CachedTimeline | undefined>;

declare module 'fastify' {
  interface FastifyInstance {
    /** The public timeline and user pages. */
    timelineCache: TimelineCache<CachedTimeline>;
    /** Each signed-in person's home timeline. */
    homeCache: TimelineCache<CachedTimeline>;
    /** Session records by user id. */
    sessionCache: TimelineCache<SessionRecord>;
    timelinePage: CachedPage;
    homePage: CachedPage;
    /** An author's messages changed here ('everyone': any may have): every page showing them, at once. */
    messagesChanged: (change: TimelineChange) => void;
    /** A follow made or undone here: the follower's home timeline and both user pages, at once. */
    followsChanged: (change: FollowChange) => void;
  }
}

const markupSize = (page: CachedTimeline) => Buffer.byteLength(page.markup);

async function timelineCache(fastify: FastifyInstance) {
  const { config } = fastify;
  const timelines = meteredCache(fastify, 'web', 'timeline', 'Timeline', {
    entries: config.TIMELINE_CACHE_ENTRIES,
    megabytes: config.TIMELINE_CACHE_MEGABYTES,
    sizeOf: markupSize,
  });
  const homes = meteredCache(fastify, 'web', 'home', 'Home timeline', {
    entries: config.HOME_CACHE_ENTRIES,
    megabytes: config.HOME_CACHE_MEGABYTES,
    sizeOf: markupSize,
  });
  // A record is an id, a name and two small values: 512 bytes bounds it with room to spare.
  const sessions = meteredCache<SessionRecord>(fastify, 'web', 'session', 'Session record', {
    entries: config.SESSION_CACHE_ENTRIES,
    megabytes: Math.ceil((config.SESSION_CACHE_ENTRIES * 512) / (1024 * 1024)),
    sizeOf: () => 512,
  });
  listenForChanges(fastify, { service: 'web', config }, { timelines, homes, sessions });

  const pageFrom =
    (cache: TimelineCache<CachedTimeline>): CachedPage =>
    async (request, key, read, flagReturnsTo = request.url) =>
      request.currentUser?.isModerator
        ? (await read(flagReturnsTo))?.value
        : cache.read(key, () => read());
  fastify.decorate('timelineCache', timelines);
  fastify.decorate('homeCache', homes);
  fastify.decorate('sessionCache', sessions);
  fastify.decorate('timelinePage', pageFrom(timelines));
  fastify.decorate('homePage', pageFrom(homes));
  fastify.decorate('messagesChanged', (change: TimelineChange) => {
    timelines.changed(change);
    homes.changed(change);
  });
  fastify.decorate('followsChanged', (change: FollowChange) => {
    timelines.followsChanged(change);
    homes.followsChanged(change);
  });
}

export default fp(timelineCache, { name: 'timeline-cache', dependencies: ['metrics'] });
