import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { UsernameParams } from '../../../schemas/timeline.js';

// The picture is the name's alone, so a browser keeps it: a renamed user's
// pages name a new address.
const week = 7 * 24 * 60 * 60;

const localAvatar: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '',
    // Any name has a picture: no query, and nothing said of who exists.
    { config: { visitorless: true }, schema: { params: UsernameParams } },
    async (request, reply) =>
      reply
        .type('image/svg+xml')
        .header('cache-control', `public, max-age=${week}, immutable`)
        .send(fastify.localAvatar(request.params.username)),
  );
};

export default localAvatar;
