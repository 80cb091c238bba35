import { estimateRowCounts } from '@minitwit/db';
import { businessMetrics } from '@minitwit/service';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** The shared business metrics, counted as the web's, with row counts from its database. */
async function webBusinessMetrics(fastify: FastifyInstance) {
  await fastify.register(businessMetrics, {
    service: 'web',
    rowCounts: () => estimateRowCounts(fastify.db),
  });
}

export default fp(webBusinessMetrics, {
  name: 'web-business-metrics',
  dependencies: ['database'],
});
