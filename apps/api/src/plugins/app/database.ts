import {
  applyMigrations,
  createDatabaseClient,
  type DatabaseClient,
  databaseStartupError,
} from '@minitwit/db';
import { databaseClientOptions } from '@minitwit/service';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    database: DatabaseClient;
  }
}

/**
 * The API's database: it brings the schema up to date first (of the two
 * services only the API migrates, as the role that owns the schema), then
 * opens the pool that every repository shares, as the runtime role, and
 * closes it when the server closes.
 */
async function database(fastify: FastifyInstance) {
  const { MIGRATION_DATABASE_URL, DATABASE_URL } = fastify.config;
  try {
    await applyMigrations(MIGRATION_DATABASE_URL ?? DATABASE_URL);
  } catch (error) {
    throw databaseStartupError(
      error,
      MIGRATION_DATABASE_URL ? 'MIGRATION_DATABASE_URL' : 'DATABASE_URL',
    );
  }
  const db = createDatabaseClient(databaseClientOptions(fastify.config, fastify.log));
  fastify.decorate('database', db);
  fastify.addHook('onClose', () => db.close());
}

export default fp(database, { name: 'database' });
