import { createDatabaseClient, type DatabaseClient, schemaMismatch } from '@minitwit/db';
import { databaseClientOptions } from '@minitwit/service';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    db: DatabaseClient;
  }
}

/**
 * The web app's database. The web app never migrates: it refuses to start
 * unless the schema is the one it was built for (the API migrates).
 */
async function database(fastify: FastifyInstance) {
  const db = createDatabaseClient(databaseClientOptions(fastify.config, fastify.log));
  fastify.addHook('onClose', () => db.$disconnect());
  const mismatch = await schemaMismatch(db);
  if (mismatch) {
    await db.$disconnect();
    throw new Error(`The web app cannot serve this database: ${mismatch}`);
  }
  fastify.decorate('db', db);
}

export default fp(database, { name: 'database' });
