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
    },
  });
}

export default fp(metrics, { name: 'metrics' });
