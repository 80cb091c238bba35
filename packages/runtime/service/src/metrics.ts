import type { FastifyInstance } from 'fastify';
import fastifyMetrics from 'fastify-metrics';
import fp from 'fastify-plugin';

/**
 * Prometheus metrics at /metrics: process and event-loop metrics, and request
 * counts and durations labelled by method, route template (never the raw
 * URL: usernames are in paths) and status code.
 */
async function metrics(fastify: FastifyInstance) {
  // A CommonJS module: its plugin is the default export's default.
  await fastify.register(fastifyMetrics.default, {
    endpoint: '/metrics',
    // One registry per process: a new app (tests build many) starts it afresh.
    clearRegisterOnInit: true,
    routeMetrics: {
      enabled: { histogram: true, summary: false },
      routeBlacklist: ['/metrics', '/health/live', '/health/ready'],
      overrides: {
        histogram: {
          name: 'http_request_duration_seconds',
          // Fine below 0.1 s, where MiniTwit answers, and a bound at 0.3 s:
          // the simulator counts a slower answer as an error.
          buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.3, 0.5, 1, 2.5, 5, 10],
        },
      },
    },
  });
}

/** Something a service counts, by itself. */
export interface ServiceCounter {
  inc(): void;
}

/**
 * A counter labelled with the service that counts, at 0 from the start, so
 * that rate() sees its first event.
 */
export function serviceCounter(
  fastify: FastifyInstance,
  service: 'web' | 'api',
  name: string,
  help: string,
): ServiceCounter {
  const { Counter } = fastify.metrics.client;
  const counter = new Counter({ name, help, labelNames: ['service'] }).labels({ service });
  counter.inc(0);
  return counter;
}

export default fp(metrics, { name: 'metrics' });
