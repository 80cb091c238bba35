import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * The contract as OpenAPI, generated from the route schemas: the document at
 * /docs/json and a browsable page at /docs, for simulator authors.
 */
async function openapi(fastify: FastifyInstance) {
  await fastify.register(swagger, {
    openapi: {
      info: {
        title: 'MiniTwit simulator API',
        version: '1.0.0',
        description:
          'The API that the MiniTwit simulator drives. Every endpoint takes an optional `latest` ' +
          'query parameter: the id of the simulator action that the request carries. Every ' +
          "endpoint but `GET /latest` requires the simulator's basic-auth credentials (`POST " +
          '/register` included, unlike the classic contract: each registration costs a password ' +
          'hash); without them the answer is 403 `{"status": 403, "error_msg": "You are not ' +
          'authorized to use this resource!"}`.',
      },
      components: {
        securitySchemes: { simulator: { type: 'http', scheme: 'basic' } },
      },
    },
  });
  // staticCSP: the page's own policy (its scripts and styles), in place of the API's.
  await fastify.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
}

export default fp(openapi, { name: 'openapi' });
