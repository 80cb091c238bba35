import { createUser } from '@minitwit/db';
import { hashPassword } from '@minitwit/passwords';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    usersRepository: UsersRepository;
  }
}

export interface NewUser {
  username: string;
  email: string;
  password: string;
}

export interface UsersRepository {
  /** Creates the user; 'taken' when the username exists, however close the race. */
  register(user: NewUser): Promise<'registered' | 'taken'>;
  /** The id of the user with exactly this username, if there is one. */
  idOf(username: string): Promise<number | undefined>;
}

async function usersRepository(fastify: FastifyInstance) {
  const { db, businessCounters } = fastify;
  fastify.decorate('usersRepository', {
    async register({ username, email, password }) {
      const passwordHash = await hashPassword(password);
      const outcome = await createUser(db, { username, email, passwordHash });
      if (outcome === 'registered') businessCounters.registrations.inc();
      return outcome;
    },
    async idOf(username) {
      const { rows } = await db.sql<{ id: number }>`
        SELECT id FROM users WHERE username = ${username}`;
      return rows[0]?.id;
    },
  } satisfies UsersRepository);
}

export default fp(usersRepository, {
  name: 'users-repository',
  dependencies: ['database', 'api-business-metrics'],
});
