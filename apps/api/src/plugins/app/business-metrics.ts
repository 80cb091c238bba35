import { estimateRowCounts } from '@minitwit/db';
import { businessMetrics } from '@minitwit/service';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** The shared business metrics, counted as the api's, with row counts from its database. */
async function apiBusinessMetrics(fastify: FastifyInstance) {
  await fastify.register(businessMetrics, {
    service: 'api',
    rowCounts: () => estimateRowCounts(fastify.db),
  });
}

export default fp(apiBusinessMetrics, {
  name: 'api-business-metrics',
  dependencies: ['database'],
});
