import type { FastifyInstance, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** False on routes that must not record the simulator's `latest` value. */
    recordsLatest?: boolean;
  }
}

/** The `latest` query parameter, when it is an integer a JavaScript number holds exactly. */
function latestOf(request: FastifyRequest): number | undefined {
  const { query } = request;
  if (typeof query !== 'object' || query === null || !('latest' in query)) return undefined;
  const { latest } = query;
  if (typeof latest !== 'string' || !/^-?\d+$/.test(latest)) return undefined;
  const value = Number(latest);
  return Number.isSafeInteger(value) ? value : undefined;
}

/**
 * Records `latest` for every route: after authentication (onRequest) and
 * before the body is parsed or validated, so a request that then fails
 * still counts as the simulator's latest action.
 */
export default async function recordLatest(fastify: FastifyInstance) {
  fastify.addHook('preParsing', async (request) => {
    if (request.routeOptions.config.recordsLatest === false) return;
    const latest = latestOf(request);
    if (latest !== undefined) await fastify.simulatorLatest.record(latest);
  });
}
