import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { signInRateLimit } from '../../../sign-in-rate-limit.js';

const downloadData: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '',
    // A GET, but another site must not make a browser fetch it: refused cross-site as a POST is.
    { config: { changesState: true, rateLimit: signInRateLimit(fastify.config) } },
    async (request, reply) => {
      const user = fastify.signedInUser(request);
      const data = await fastify.repository.accountData(user.id);
      if (!data) {
        reply.callNotFound();
        return reply;
      }
      const file = `minitwit-${user.id}.json`;
      return reply
        .header('content-disposition', `attachment; filename="${file}"`)
        .header('cache-control', 'no-store')
        .type('application/json; charset=utf-8')
        .send(JSON.stringify(data, null, 2));
    },
  );
};

export default downloadData;
