import { classifyError } from '@minitwit/service';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from './schemas/error.js';

const notAuthorizedMessage = 'You are not authorized to use this resource!';
const unavailableMessage = 'The database is unavailable; try again shortly';

/**
 * Every error answer of the API is in the contract's error shape (the status
 * and the logging are decided alike in both services by classifyError), with
 * 403 for any failed authentication (simulators expect 403, never a 401
 * prompt) and 400 for a body that is not JSON.
 */
export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const errorClass = classifyError(error, request, reply);
  if (errorClass === 'database unavailable') {
    return reply.send(errorBody(503, unavailableMessage));
  }
  if (errorClass === 'server fault') {
    return reply.send(errorBody(500, 'Internal server error'));
  }
  if (reply.statusCode === 401) {
    return reply.code(403).send(errorBody(403, notAuthorizedMessage));
  }
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return reply
      .code(400)
      .send(errorBody(400, 'The request body must be JSON (Content-Type: application/json)'));
  }
  return reply.send(errorBody(reply.statusCode, error.message));
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  return reply
    .code(404)
    .send(errorBody(404, `No such resource: ${request.method} ${request.url.split('?')[0]}`));
}
