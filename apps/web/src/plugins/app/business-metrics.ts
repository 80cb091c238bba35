import {
  type BusinessMetricsOptions,
  businessMetrics,
  readBusinessGauges,
} from '@minitwit/service';
import type { FastifyInstance } from 'fastify';

/** The shared business metrics, counted as the web's, with gauges read from its database. */
export const autoConfig = (fastify: FastifyInstance): BusinessMetricsOptions => ({
  service: 'web',
  readGauges: () => readBusinessGauges(fastify.database),
});

export default businessMetrics;
