import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

export interface RequestLogOptions {
  /** The signed-in user of a request, where the service has one. */
  userOf?: (request: FastifyRequest) => string | undefined;
}

const writes = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * One JSON log line per request, written when the response is sent: request
 * id (also returned as X-Request-Id), method, route template (never the raw
 * URL), status, duration, the signed-in user, and the body of writes, with
 * passwords redacted by the logger (see serverOptions).
 */
async function requestLog(fastify: FastifyInstance, { userOf }: RequestLogOptions) {
  fastify.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  fastify.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'not found',
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 10) / 10,
        user: userOf?.(request),
        body: writes.has(request.method) ? request.body : undefined,
      },
      'request',
    );
  });
}

export default fp(requestLog, { name: 'request-log' });
