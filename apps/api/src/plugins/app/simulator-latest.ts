import { readLatest, recordLatest } from '@minitwit/db';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    simulatorLatest: SimulatorLatest;
  }
}

interface SimulatorLatest {
  /** Records the simulator's latest action id; the last write wins. */
  record(latest: number): Promise<void>;
  /** The last recorded action id, or -1 when none was ever recorded. */
  read(): Promise<number>;
}

async function simulatorLatest(fastify: FastifyInstance) {
  const { database: db } = fastify;
  fastify.decorate('simulatorLatest', {
    record: (latest) => recordLatest(db, latest),
    read: () => readLatest(db),
  } satisfies SimulatorLatest);
}

export default fp(simulatorLatest, { name: 'simulator-latest', dependencies: ['database'] });
