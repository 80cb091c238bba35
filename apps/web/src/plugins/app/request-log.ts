import { requestLog } from '@minitwit/service';
import type { FastifyRequest } from 'fastify';

/** The shared request log, naming the signed-in visitor. */
export const autoConfig = {
  userOf: (request: FastifyRequest) => request.currentUser?.username,
};

export default requestLog;
