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

// The value lives in the database so that every API replica answers alike.
async function simulatorLatest(fastify: FastifyInstance) {
  const { db } = fastify;
  fastify.decorate('simulatorLatest', {
    async record(latest) {
      await db.sql`
        INSERT INTO simulator_latest (id, latest) VALUES (1, ${latest})
        ON CONFLICT (id) DO UPDATE SET latest = EXCLUDED.latest`;
    },
    async read() {
      // A bigint column: node-postgres gives it as a string.
      const { rows } = await db.sql<{ latest: string }>`
        SELECT latest FROM simulator_latest WHERE id = 1`;
      return rows[0] ? Number(rows[0].latest) : -1;
    },
  } satisfies SimulatorLatest);
}

export default fp(simulatorLatest, { name: 'simulator-latest', dependencies: ['database'] });
