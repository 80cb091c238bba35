import formbody from '@fastify/formbody';

/** HTML forms post application/x-www-form-urlencoded bodies. */
export default formbody;
