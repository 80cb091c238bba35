import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    simulatorLatest: SimulatorLatest;
  }
}

export interface SimulatorLatest {
  /** Records the simulator's latest action id; the last write wins. */
  record(latest: number): Promise<void>;
  /** The last recorded action id, or -1 when none was ever recorded. */
  read(): Promise<number>;
}

// The value lives in the database so that every API replica answers alike.
async function simulatorLatest(fastify: FastifyInstance) {
  const { db } = fastify;
  fastify.decorate('simulatorLatest', {
    async record(latest) {
      const value = BigInt(latest);
      await db.simulatorLatest.upsert({
        where: { id: 1 },
        create: { id: 1, latest: value },
        update: { latest: value },
      });
    },
    async read() {
      const row = await db.simulatorLatest.findUnique({ where: { id: 1 } });
      return row ? Number(row.latest) : -1;
    },
  } satisfies SimulatorLatest);
}

export default fp(simulatorLatest, { name: 'simulator-latest', dependencies: ['database'] });
