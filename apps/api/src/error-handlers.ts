import { isDatabaseUnavailable, unavailableRetrySeconds } from '@minitwit/db';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from './schemas/error.js';

const notAuthorizedMessage = 'You are not authorized to use this resource!';
const unavailableMessage = 'The database is unavailable; try again shortly';

/**
 * Decides every error answer of the API: the contract's error shape, 403 for
 * any failed authentication (simulators expect 403, never a 401 prompt), 400
 * for a body that is not JSON, 503 while the database cannot be reached (the
 * request changed nothing; retrying later is safe), and no internals in a 5xx.
 */
export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (isDatabaseUnavailable(error)) {
    request.log.warn({ err: error }, 'database unavailable');
    return reply
      .code(503)
      .header('retry-after', unavailableRetrySeconds)
      .send(errorBody(503, unavailableMessage));
  }
  const status = error.statusCode ?? 500;
  if (status >= 500) {
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send(errorBody(500, 'Internal server error'));
  }
  if (status === 401) {
    return reply.code(403).send(errorBody(403, notAuthorizedMessage));
  }
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return reply
      .code(400)
      .send(errorBody(400, 'The request body must be JSON (Content-Type: application/json)'));
  }
  return reply.code(status).send(errorBody(status, error.message));
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  return reply
    .code(404)
    .send(errorBody(404, `No such resource: ${request.method} ${request.url.split('?')[0]}`));
}
