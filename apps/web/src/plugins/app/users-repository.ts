import { createUser } from '@minitwit/db';
import { hashPassword, verifyPassword } from '@minitwit/passwords';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    usersRepository: UsersRepository;
  }
}

export interface UserSummary {
  id: number;
  username: string;
}

/** A user as a new session records them: with the generation their sessions are in. */
export interface SessionUser extends UserSummary {
  sessionGeneration: number;
}

export interface UsersRepository {
  /** Creates the user; 'taken' when the username exists, however close the race. */
  register(user: {
    username: string;
    email: string;
    password: string;
  }): Promise<'registered' | 'taken'>;
  /** The user with this username and password: 'unknown' or 'wrong password' otherwise. */
  signIn(username: string, password: string): Promise<SessionUser | 'unknown' | 'wrong password'>;
  /** The user of a session, unless their sessions were ended since it began (or they are gone). */
  bySession(id: number, generation: number): Promise<UserSummary | undefined>;
  /** Ends every session of the user: the sessions begun before now stop being valid. */
  endSessions(id: number): Promise<void>;
  byUsername(username: string): Promise<UserSummary | undefined>;
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
    async signIn(username, password) {
      const user = await db.user.findUnique({
        where: { username },
        select: { id: true, username: true, passwordHash: true, sessionGeneration: true },
      });
      // Checked even for an unknown user, so the time taken does not say which.
      const verified = await verifyPassword(user?.passwordHash, password);
      if (!user) return 'unknown';
      if (!verified) return 'wrong password';
      return { id: user.id, username: user.username, sessionGeneration: user.sessionGeneration };
    },
    // Every page looks its visitor or its user up: one statement each.
    async bySession(id, generation) {
      const { rows } = await db.sql<UserSummary>`
        SELECT id, username FROM users WHERE id = ${id} AND session_generation = ${generation}`;
      return rows[0];
    },
    async endSessions(id) {
      await db.sql`UPDATE users SET session_generation = session_generation + 1 WHERE id = ${id}`;
    },
    async byUsername(username) {
      const { rows } = await db.sql<UserSummary>`
        SELECT id, username FROM users WHERE username = ${username}`;
      return rows[0];
    },
  } satisfies UsersRepository);
}

export default fp(usersRepository, {
  name: 'users-repository',
  dependencies: ['database', 'web-business-metrics'],
});
