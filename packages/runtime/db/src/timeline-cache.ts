import { LRUCache } from 'lru-cache';
import type { FollowChange, TimelineChange } from './timeline-changes.js';

/** A home timeline's authors: the follower and whoever they follow, chosen by the follower's follows. */
export interface FollowedAuthors {
  follower: number;
  authors: readonly number[];
}

/** A user page: the user's messages, and how many messages, followers and follows they have. */
export interface ProfileShows {
  profile: number;
}

/**
 * What a timeline shows: one author's messages, anyone's (the public
 * timeline), a home timeline's, or a user page with its counts.
 */
export type TimelineShows = TimelineChange | FollowedAuthors | ProfileShows;

/** A timeline as read for the cache: what is shown, and whose messages it shows. */
export interface TimelineRead<Value> {
  value: Value;
  shows: TimelineShows;
}

export interface TimelineCacheOptions<Value> {
  /** The most timelines kept. */
  maxEntries: number;
  /** The most bytes kept, as `sizeOf` counts them. */
  maxBytes: number;
  sizeOf: (value: Value) => number;
  /** Told of every read, and of every change that made cached timelines stale. */
  events?: { hit(): void; miss(): void; invalidation(): void };
}

interface Entry<Value> extends TimelineRead<Value> {
  /** The generation of what it shows when it was read. */
  generation: number;
}

/**
 * Timelines kept in memory, each valid until a change to what it shows.
 *
 * Invalidation is by generations, not by searching the entries: a change to
 * an author's messages raises that author's generation (and the public
 * timeline's), a follow or unfollow its follower's and its followed user's;
 * an entry read at an older generation of anything it shows is stale and is
 * read again. A read that was under way while anything changed is not
 * kept, since it may have missed the change; concurrent requests for a timeline
 * that is not cached share one read. The cache trusts its entries only
 * while it is told of every change (`listening`); otherwise every read goes
 * to the database. Least recently used entries are evicted first when
 * either bound is reached.
 */
export class TimelineCache<Value> {
  readonly #entries: LRUCache<string, Entry<Value>>;
  readonly #events: TimelineCacheOptions<Value>['events'];
  // Authors share a fixed number of generations (a change to one may make a
  // few others' timelines read again), so the bookkeeping stays bounded.
  readonly #authorGenerations = new Uint32Array(4096);
  /** The same for followers: a follow or an unfollow changes whose messages a home timeline shows. */
  readonly #followGenerations = new Uint32Array(4096);
  /** And for the followed: a follow or an unfollow changes their follower count. */
  readonly #followedGenerations = new Uint32Array(4096);
  #everyoneGeneration = 0;
  /** Raised on every change: a read that saw it move cannot be kept. */
  #changes = 0;
  #listening = false;
  /**
   * The reads from the database under way, by key: many requests for a
   * timeline that is not cached (just changed, say) make one read, not one each.
   */
  readonly #underway = new Map<
    string,
    { changesBefore: number; reading: Promise<TimelineRead<Value> | undefined> }
  >();

  constructor({ maxEntries, maxBytes, sizeOf, events }: TimelineCacheOptions<Value>) {
    this.#entries = new LRUCache({
      max: maxEntries,
      maxSize: maxBytes,
      sizeCalculation: (entry) => Math.max(1, sizeOf(entry.value)),
    });
    this.#events = events;
  }

  /** Whether cached timelines are served: only while every change is heard. */
  get listening(): boolean {
    return this.#listening;
  }

  /** The timeline at `key`, cached, or from `read` (undefined: nothing to show, not cached). */
  read(key: string, read: () => Promise<TimelineRead<Value>>): Promise<Value>;
  read(
    key: string,
    read: () => Promise<TimelineRead<Value> | undefined>,
  ): Promise<Value | undefined>;
  async read(
    key: string,
    read: () => Promise<TimelineRead<Value> | undefined>,
  ): Promise<Value | undefined> {
    const cached = this.#entries.get(key);
    if (cached && this.#listening && cached.generation === this.#generation(cached.shows)) {
      this.#events?.hit();
      return cached.value;
    }
    const changesBefore = this.#changes;
    const underway = this.#underway.get(key);
    if (underway?.changesBefore === changesBefore && this.#listening) {
      // The same read is on its way, begun since the last change: share it.
      this.#events?.hit();
      return (await underway.reading)?.value;
    }
    this.#events?.miss();
    const reading = read();
    this.#underway.set(key, { changesBefore, reading });
    try {
      const fresh = await reading;
      if (fresh && this.#listening && this.#changes === changesBefore) {
        this.#entries.set(key, { ...fresh, generation: this.#generation(fresh.shows) });
      }
      return fresh?.value;
    } finally {
      if (this.#underway.get(key)?.reading === reading) this.#underway.delete(key);
    }
  }

  /** What `shows` changed: its cached timelines, and the public ones, are stale. */
  changed(shows: TimelineChange): void {
    this.#changes++;
    this.#everyoneGeneration++;
    if (shows === 'everyone') this.#entries.clear();
    else {
      const slot = this.#bucket(shows);
      this.#authorGenerations[slot] = (this.#authorGenerations[slot] ?? 0) + 1;
    }
    this.#events?.invalidation();
  }

  /**
   * A follow made or undone: the follower's home timeline is stale, and both
   * users' pages (their counts) are ('everyone': every such entry is).
   */
  followsChanged(change: FollowChange): void {
    this.#changes++;
    if (change === 'everyone') this.#entries.clear();
    else {
      const follower = this.#bucket(change.follower);
      const followed = this.#bucket(change.followed);
      this.#followGenerations[follower] = (this.#followGenerations[follower] ?? 0) + 1;
      this.#followedGenerations[followed] = (this.#followedGenerations[followed] ?? 0) + 1;
    }
    this.#events?.invalidation();
  }

  /**
   * Whether every change is now heard. Starting or stopping, nothing cached
   * may be trusted: changes made while not listening went unheard.
   */
  setListening(listening: boolean): void {
    this.#changes++;
    this.#entries.clear();
    this.#listening = listening;
  }

  #bucket(authorId: number): number {
    return authorId % this.#authorGenerations.length;
  }

  #generation(shows: TimelineShows): number {
    if (shows === 'everyone') return this.#everyoneGeneration;
    if (typeof shows === 'number') return this.#authorGenerations[this.#bucket(shows)] ?? 0;
    // Generations only grow: a sum moves when any of its parts does.
    if ('profile' in shows) {
      const slot = this.#bucket(shows.profile);
      return (
        (this.#authorGenerations[slot] ?? 0) +
        (this.#followGenerations[slot] ?? 0) +
        (this.#followedGenerations[slot] ?? 0)
      );
    }
    let sum = this.#followGenerations[this.#bucket(shows.follower)] ?? 0;
    for (const author of shows.authors) sum += this.#authorGenerations[this.#bucket(author)] ?? 0;
    return sum;
  }
}
