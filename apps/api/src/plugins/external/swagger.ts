import swagger, { type SwaggerOptions } from '@fastify/swagger';

/**
 * The contract as OpenAPI, generated from the route schemas (served at
 * /docs/json and browsable at /docs by swagger-ui.ts), for simulator authors.
 */
export const autoConfig: SwaggerOptions = {
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
};

export default swagger;
