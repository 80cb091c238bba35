import { isDatabaseUnavailable, unavailableRetrySeconds } from '@minitwit/db';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/** Which kind of failure an error is; each service writes the body in its own shape. */
export type ErrorClass = 'database unavailable' | 'server fault' | 'client error';

/**
 * Decides alike in both services what an error is, its status and what is
 * logged: an unreachable database is a 503 with Retry-After (the request
 * changed nothing, so a retry is safe), any other 5xx is a 500 logged as an
 * error (its answer must not tell the cause), and the rest keeps its status.
 */
export function classifyError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): ErrorClass {
  if (isDatabaseUnavailable(error)) {
    request.log.warn({ err: error }, 'database unavailable');
    reply.code(503).header('retry-after', unavailableRetrySeconds);
    return 'database unavailable';
  }
  const status = error.statusCode ?? 500;
  if (status >= 500) {
    request.log.error({ err: error }, 'request failed');
    reply.code(500);
    return 'server fault';
  }
  reply.code(status);
  return 'client error';
}
