import {
  type AccountCounts,
  countAccounts,
  type DatabaseClient,
  estimateRowCounts,
  type RowCounts,
} from '@minitwit/db';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { type ServiceCounter, serviceCounter } from './metrics.js';

/** What the gauges show, read together at each scrape. */
export type BusinessGauges = RowCounts & AccountCounts;

/** The gauges' values from the database: one round of cheap counts. */
export async function readBusinessGauges(db: DatabaseClient): Promise<BusinessGauges> {
  const [rows, accounts] = await Promise.all([estimateRowCounts(db), countAccounts(db)]);
  return { ...rows, ...accounts };
}

export interface BusinessMetricsOptions {
  /** Which service counts: the `service` label of the counters. */
  service: 'web' | 'api';
  /** Cheap counts for the gauges, read on every scrape. */
  readGauges: () => Promise<BusinessGauges>;
}

/** Something users did, counted once it is stored. */
export type BusinessCounter = ServiceCounter;

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
 * posted, follows and unfollows labelled by service; gauges of all users,
 * messages and follows, of the password hashes left to upgrade, and of the
 * flags and unflags recorded (by moderators on the web and operators at the
 * command line alike). The gauges are read from `readGauges` at scrape time,
 * once per scrape for all of them.
 */
async function businessMetrics(
  fastify: FastifyInstance,
  { service, readGauges }: BusinessMetricsOptions,
) {
  const { Gauge } = fastify.metrics.client;
  const counter = (name: string, help: string) => serviceCounter(fastify, service, name, help);
  fastify.decorate('businessMetrics', {
    registrations: counter('minitwit_registrations_total', 'Users registered.'),
    messages: counter('minitwit_messages_posted_total', 'Messages posted.'),
    follows: counter(
      'minitwit_follows_total',
      'Follows recorded (following again changes nothing).',
    ),
    unfollows: counter('minitwit_unfollows_total', 'Follows removed.'),
  } satisfies BusinessMetrics);

  // The gauges are collected together on each scrape: one read for all.
  let reading: Promise<BusinessGauges | undefined> | undefined;
  const readAll = () => {
    reading ??= readGauges()
      .catch((error: unknown) => {
        fastify.log.warn({ err: error }, 'cannot read the business gauges for /metrics');
        return undefined;
      })
      .finally(() => {
        reading = undefined;
      });
    return reading;
  };
  const gauge = (name: string, help: string, value: (gauges: BusinessGauges) => number) =>
    new Gauge({
      name,
      help,
      async collect() {
        const gauges = await readAll();
        // NaN, not a stale or zero value, when the database cannot say.
        this.set(gauges ? value(gauges) : Number.NaN);
      },
    });
  const estimated = '(the PostgreSQL planner estimate; exact while the table is small)';
  gauge('minitwit_users', `Users ${estimated}.`, (gauges) => gauges.users);
  gauge('minitwit_messages', `Messages ${estimated}.`, (gauges) => gauges.messages);
  gauge('minitwit_follows', `Follows ${estimated}.`, (gauges) => gauges.follows);
  gauge(
    'minitwit_legacy_password_hashes',
    'Users whose password hash came from an earlier MiniTwit and is not argon2id yet (each is upgraded at its next sign-in).',
    (gauges) => gauges.legacyPasswordHashes,
  );
  new Gauge({
    name: 'minitwit_moderation_actions',
    help: 'Flags and unflags of messages recorded, by moderators on the web and operators alike.',
    labelNames: ['action'],
    async collect() {
      const gauges = await readAll();
      this.set({ action: 'flag' }, gauges ? gauges.flags : Number.NaN);
      this.set({ action: 'unflag' }, gauges ? gauges.unflags : Number.NaN);
    },
  });
}

export default fp(businessMetrics, { name: 'business-metrics', dependencies: ['metrics'] });
