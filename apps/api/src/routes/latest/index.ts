import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { LatestResponse } from '../../schemas/latest.js';

const latest: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '',
    {
      // Reading the value does not move it.
      config: { recordsLatest: false, public: true },
      schema: {
        summary: "The simulator's last recorded action id",
        tags: ['simulator'],
        response: { 200: LatestResponse },
      },
    },
    async () => ({ latest: await fastify.simulatorLatest.read() }),
  );
};

export default latest;
