import { isEndedByDatabase, TimelineCache, TimelineChangeListener } from '@minitwit/db';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Static, TObject } from 'typebox';
import type { databaseSettings, timelineCacheSettings } from './config.js';
import { serviceCounter } from './metrics.js';

type Settings = Static<
  TObject<ReturnType<typeof databaseSettings> & ReturnType<typeof timelineCacheSettings>>
>;

export interface TimelineCacheSetup<Value> {
  service: 'web' | 'api';
  config: Settings;
  /** What a cached timeline weighs, in bytes (near enough: it bounds the memory). */
  sizeOf: (value: Value) => number;
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
 * The service's timeline cache, told of every change to the timelines by a
 * connection that LISTENs for them, and counted in Prometheus metrics
 * (hits, misses, invalidations, and whether it listens). With
 * TIMELINE_CACHE_ENTRIES=0 there is none: every read goes to the database.
 * The listening connection closes with the server.
 */
export function startTimelineCache<Value>(
  fastify: FastifyInstance,
  { service, config, sizeOf }: TimelineCacheSetup<Value>,
): TimelineCache<Value> {
  const { Gauge } = fastify.metrics.client;
  const counted = (name: string, help: string) => serviceCounter(fastify, service, name, help);
  const hits = counted('minitwit_timeline_cache_hits_total', 'Timeline reads served from memory.');
  const misses = counted(
    'minitwit_timeline_cache_misses_total',
    'Timeline reads that went to the database.',
  );
  const invalidations = counted(
    'minitwit_timeline_cache_invalidations_total',
    'Changes that made cached timelines stale (a message posted, flagged, unflagged…).',
  );
  const listening = new Gauge({
    name: 'minitwit_timeline_cache_listening',
    help: '1 while the timeline cache hears every change and serves from memory; 0 while every read goes to the database.',
    labelNames: ['service'],
  }).labels({ service });
  listening.set(0);

  const cache = new TimelineCache<Value>({
    maxEntries: Math.max(1, config.TIMELINE_CACHE_ENTRIES),
    maxBytes: config.TIMELINE_CACHE_MEGABYTES * 1024 * 1024,
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
  if (config.TIMELINE_CACHE_ENTRIES === 0) return cache;

  const listener = new TimelineChangeListener(
    { url: config.DATABASE_URL },
    {
      changed: (change) => {
        cache.changed(change);
      },
      listening(isListening, error) {
        const wasListening = cache.listening;
        cache.setListening(isListening);
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
    cache.setListening(false);
    listening.set(0);
    await listener.close();
  });
  return cache;
}
