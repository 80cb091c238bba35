import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Static, Type } from 'typebox';
import type { NewUser } from '../../plugins/app/users-repository.js';
import { ErrorResponse, errorBody } from '../../schemas/error.js';
import { ActionQuery, security } from '../../schemas/query.js';
import { RegisterBody, registerErrors } from '../../schemas/register.js';

/** The new user, or the first contract error that the registration makes. */
function readRegistration({
  username,
  email,
  pwd,
}: Static<typeof RegisterBody>): NewUser | { error: string } {
  if (!username) return { error: registerErrors.username };
  if (!email?.includes('@')) return { error: registerErrors.email };
  if (!pwd) return { error: registerErrors.password };
  return { username, email, password: pwd };
}

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
      const registration = readRegistration(request.body);
      if ('error' in registration) return reply.code(400).send(errorBody(400, registration.error));
      const outcome = await fastify.usersRepository.register(registration);
      if (outcome === 'taken') return reply.code(400).send(errorBody(400, registerErrors.taken));
      return reply.code(204).send(null);
    },
  );
};

export default register;
