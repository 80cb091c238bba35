import { isEndedByDatabase, TimelineCache, TimelineChangeListener } from '@minitwit/db';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Static, TObject } from 'typebox';
import type { databaseSettings, timelineCacheSettings } from './config.js';
import { serviceCounter } from './metrics.js';

type Service = 'web' | 'api';

type Settings = Static<
  TObject<ReturnType<typeof databaseSettings> & ReturnType<typeof timelineCacheSettings>>
>;

/** A cache's bounds, and what one of its entries weighs in bytes (near enough: it bounds the memory). */
export interface CacheBounds<Value> {
  entries: number;
  megabytes: number;
  sizeOf: (value: Value) => number;
}

/** The caches a service keeps, all fed by one listening connection. */
export interface ServiceCaches {
  timelines: TimelineCache<unknown>;
  /**
   * Home timelines: invalidated by their authors' messages and by the
   * follower's follows. Given, follows are heard, and told to `timelines`
   * too (the web's user pages count followers and follows).
   */
  homes?: TimelineCache<unknown>;
  /** Session records by user id: invalidated by a change to the user's record. */
  sessions?: TimelineCache<unknown>;
}

/**
 * Says that the cache stopped listening. PostgreSQL ending the connection
 * itself (57P01: it shuts down, or an operator ended the connection) is
 * expected on a restart and says so; anything else is a warning.
 */
function logLoss(log: FastifyBaseLogger, error: Error | undefined) {
  const message = 'timeline cache: not listening; reading from the database until it listens again';
  if (isEndedByDatabase(error)) {
    log.info({ reason: error?.message }, message);
  } else {
    log.warn({ err: error }, message);
  }
}

/**
 * A cache counted in Prometheus metrics: `minitwit_<name>_cache_hits_total`,
 * `…_misses_total`, `…_invalidations_total`, labelled with the service.
 */
export function meteredCache<Value>(
  fastify: FastifyInstance,
  service: Service,
  name: string,
  what: string,
  { entries, megabytes, sizeOf }: CacheBounds<Value>,
): TimelineCache<Value> {
  const counted = (metric: string, help: string) =>
    serviceCounter(fastify, service, `minitwit_${name}_cache_${metric}_total`, help);
  const hits = counted('hits', `${what} reads served from memory.`);
  const misses = counted('misses', `${what} reads that went to the database.`);
  const invalidations = counted(
    'invalidations',
    `Changes that made cached ${what.toLowerCase()}s stale.`,
  );
  return new TimelineCache<Value>({
    maxEntries: Math.max(1, entries),
    maxBytes: megabytes * 1024 * 1024,
    sizeOf,
    events: {
      hit: () => {
        hits.inc();
      },
      miss: () => {
        misses.inc();
      },
      invalidation: () => {
        invalidations.inc();
      },
    },
  });
}

/**
 * Tells the service's caches of every change, from one connection that
 * LISTENs for them: timelines, and home timelines and session records when
 * the service keeps them. A gauge says whether they listen. With
 * TIMELINE_CACHE_ENTRIES=0 nothing listens, so every read goes to the
 * database. The listening connection closes with the server.
 */
export function listenForChanges(
  fastify: FastifyInstance,
  { service, config }: { service: Service; config: Settings },
  caches: ServiceCaches,
): void {
  const { Gauge } = fastify.metrics.client;
  const listening = new Gauge({
    name: 'minitwit_timeline_cache_listening',
    help: '1 while the caches hear every change and serve from memory; 0 while every read goes to the database.',
    labelNames: ['service'],
  }).labels({ service });
  listening.set(0);
  if (config.TIMELINE_CACHE_ENTRIES === 0) return;
  const { timelines, homes, sessions } = caches;
  const all = [timelines, homes, sessions].filter((cache) => cache !== undefined);

  const listener = new TimelineChangeListener(
    { url: config.DATABASE_URL },
    {
      changed: (change) => {
        timelines.changed(change);
        homes?.changed(change);
      },
      // Only the web keeps home timelines, and only its user pages show
      // follower counts: the API does not hear follows at all.
      ...(homes && {
        followsChanged: (change) => {
          homes.followsChanged(change);
          timelines.followsChanged(change);
        },
      }),
      ...(sessions && {
        sessionChanged: (user) => {
          sessions.changed(user);
        },
      }),
      listening(isListening, error) {
        const wasListening = timelines.listening;
        for (const cache of all) cache.setListening(isListening);
        listening.set(isListening ? 1 : 0);
        if (isListening) fastify.log.info('timeline cache: listening for changes');
        else if (wasListening) logLoss(fastify.log, error);
        // Each failed retry while the database is away: once at warn is enough.
        else fastify.log.debug({ reason: error?.message }, 'timeline cache: still not listening');
      },
    },
  );
  listener.start();
  // As soon as the server starts closing: a database that stops meanwhile
  // (Ctrl-C on `pnpm start` reaches both) is then no news.
  // Requests still in flight then read from the database: nothing is heard any more.
  fastify.addHook('preClose', async () => {
    for (const cache of all) cache.setListening(false);
    listening.set(0);
    await listener.close();
  });
}
