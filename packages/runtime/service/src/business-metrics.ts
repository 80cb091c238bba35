import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

type Table = 'users' | 'messages' | 'follows';

export interface BusinessMetricsOptions {
  /** Which service counts: the `service` label of the counters. */
  service: 'web' | 'api';
  /** Cheap row counts for the gauges, read on every scrape. */
  rowCounts: () => Promise<Record<Table, number>>;
}

/** Something users did, counted once it is stored. */
export interface BusinessCounter {
  inc(): void;
}

/** The business events counted (the row counts are gauges, read at each scrape). */
export interface BusinessMetrics {
  registrations: BusinessCounter;
  messages: BusinessCounter;
  follows: BusinessCounter;
  unfollows: BusinessCounter;
}

declare module 'fastify' {
  interface FastifyInstance {
    businessMetrics: BusinessMetrics;
  }
}

/**
 * What users do, as Prometheus metrics: counters of registrations, messages
 * posted, follows and unfollows labelled by service, and gauges of all
 * users, messages and follows. The gauges are read from `rowCounts` at
 * scrape time, once per scrape for all three.
 */
async function businessMetrics(
  fastify: FastifyInstance,
  { service, rowCounts }: BusinessMetricsOptions,
) {
  const { Counter, Gauge } = fastify.metrics.client;
  const counter = (name: string, help: string): BusinessCounter => {
    const labelled = new Counter({ name, help, labelNames: ['service'] }).labels({ service });
    // Present from the start, so rate() sees the first event.
    labelled.inc(0);
    return labelled;
  };
  fastify.decorate('businessMetrics', {
    registrations: counter('minitwit_registrations_total', 'Users registered.'),
    messages: counter('minitwit_messages_posted_total', 'Messages posted.'),
    follows: counter(
      'minitwit_follows_total',
      'Follows recorded (following again changes nothing).',
    ),
    unfollows: counter('minitwit_unfollows_total', 'Follows removed.'),
  } satisfies BusinessMetrics);

  // The three gauges are collected together on each scrape: one read for all.
  let reading: Promise<Record<Table, number> | undefined> | undefined;
  const readRowCounts = () => {
    reading ??= rowCounts()
      .catch((error: unknown) => {
        fastify.log.warn({ err: error }, 'cannot read the row counts for /metrics');
        return undefined;
      })
      .finally(() => {
        reading = undefined;
      });
    return reading;
  };
  const gauge = (table: Table, help: string) =>
    new Gauge({
      name: `minitwit_${table}`,
      help,
      async collect() {
        // NaN, not a stale or zero value, when the database cannot say.
        this.set((await readRowCounts())?.[table] ?? Number.NaN);
      },
    });
  gauge('users', 'Users (the PostgreSQL planner estimate; exact while the table is small).');
  gauge('messages', 'Messages (the PostgreSQL planner estimate; exact while the table is small).');
  gauge('follows', 'Follows (the PostgreSQL planner estimate; exact while the table is small).');
}

export default fp(businessMetrics, { name: 'business-metrics', dependencies: ['metrics'] });
