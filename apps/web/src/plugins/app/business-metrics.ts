import { estimateRowCounts } from '@minitwit/db';
import { type BusinessMetricsOptions, businessMetrics } from '@minitwit/service';
import type { FastifyInstance } from 'fastify';

/** The shared business metrics, counted as the web's, with row counts from its database. */
export const autoConfig = (fastify: FastifyInstance): BusinessMetricsOptions => ({
  service: 'web',
  rowCounts: () => estimateRowCounts(fastify.database),
});

export default businessMetrics;
