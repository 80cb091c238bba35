import { setTimeout as sleep } from 'node:timers/promises';
import { createDatabaseClient, type DatabaseClient, pendingMigrations } from '@minitwit/db';
import { databaseClientOptions } from '@minitwit/service';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    database: DatabaseClient;
  }
}

/**
 * Resolves once the database has every migration this build knows, or
 * throws after `waitSeconds`. In a deployment the web replicas start with the
 * API's, which migrates as it starts: a new web replica waits for that rather
 * than exiting (Swarm would count the exit as a failed update and roll back).
 */
async function untilMigrated(fastify: FastifyInstance, db: DatabaseClient, waitSeconds: number) {
  const deadline = Date.now() + waitSeconds * 1000;
  for (;;) {
    const pending = await pendingMigrations(db);
    if (pending.length === 0) return;
    if (Date.now() >= deadline) {
      throw new Error(
        `The web app cannot serve this database: it lacks the migrations ${pending.join(', ')} ` +
          `(start the API first: it migrates)`,
      );
    }
    fastify.log.info({ pending }, 'waiting for the API to migrate the database');
    await sleep(1000);
  }
}

/**
 * The web app's database. The web app never migrates: it serves once the
 * API has applied every migration it was built with (see pendingMigrations).
 */
async function database(fastify: FastifyInstance) {
  const db = createDatabaseClient(databaseClientOptions(fastify.config, fastify.log));
  fastify.addHook('onClose', () => db.close());
  try {
    await untilMigrated(fastify, db, fastify.config.SCHEMA_WAIT_SECONDS);
  } catch (error) {
    await db.close();
    throw error;
  }
  fastify.decorate('database', db);
}

export default fp(database, { name: 'database' });
