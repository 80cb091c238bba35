import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { showSettings } from '../../settings-page.js';

const settings: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get('', async (_request, reply) => showSettings(reply));
};

export default settings;
