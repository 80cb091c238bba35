import swaggerUi, { type FastifySwaggerUiOptions } from '@fastify/swagger-ui';

// staticCSP: the page's own policy (its scripts and styles), in place of the API's.
export const autoConfig: FastifySwaggerUiOptions = { routePrefix: '/docs', staticCSP: true };

export default swaggerUi;
