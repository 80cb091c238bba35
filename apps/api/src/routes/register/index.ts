import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { readRegistration, registrationErrors } from '@minitwit/service';
import { Type } from 'typebox';
import { ErrorResponse, errorBody } from '../../schemas/error.js';
import { ActionQuery, security } from '../../schemas/query.js';
import { RegisterBody } from '../../schemas/register.js';

const register: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.post(
    '',
    {
      schema: {
        summary: 'Register a user',
        tags: ['users'],
        security,
        querystring: ActionQuery,
        body: RegisterBody,
        response: {
          204: Type.Null({ description: 'Registered' }),
          400: ErrorResponse,
          403: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const { username, email, pwd } = request.body;
      const registration = readRegistration({ username, email, password: pwd });
      if ('error' in registration) return reply.code(400).send(errorBody(400, registration.error));
      const outcome = await fastify.repository.register(registration);
      if (outcome === 'taken')
        return reply.code(400).send(errorBody(400, registrationErrors.taken));
      return reply.code(204).send(null);
    },
  );
};

export default register;
