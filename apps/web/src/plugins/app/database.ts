import { setTimeout as sleep } from 'node:timers/promises';
import {
  createDatabaseClient,
  type DatabaseClient,
  databaseStartupError,
  databaseStartupProblem,
  isDatabaseUnavailable,
  pendingMigrations,
} from '@minitwit/db';
import { databaseClientOptions } from '@minitwit/service';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    database: DatabaseClient;
  }
}

/** Where the schema stands: the migrations it lacks, or why the database cannot be reached yet. */
type SchemaState = { pending: string[] } | { unreachable: unknown };

/**
 * Reads the schema's state. A database that cannot be reached may be
 * starting: that is a state to wait out. Anything an operator must fix (a
 * wrong password, no such database) throws, in one line.
 */
async function schemaState(db: DatabaseClient): Promise<SchemaState> {
  try {
    return { pending: await pendingMigrations(db) };
  } catch (error) {
    if (isDatabaseUnavailable(error)) return { unreachable: error };
    throw databaseStartupError(error, 'DATABASE_URL');
  }
}

/** Why the web app gives up after `waitSeconds` in `state`. */
function givingUp(state: SchemaState, waitSeconds: number): string {
  const waited = `after SCHEMA_WAIT_SECONDS (${waitSeconds} s)`;
  if ('pending' in state) {
    const pending = state.pending.join(', ');
    return `the database still lacks the migrations ${pending} ${waited}: start the API, it migrates`;
  }
  const problem = databaseStartupProblem(state.unreachable, 'DATABASE_URL');
  return `gave up ${waited}: ${problem ?? String(state.unreachable)}`;
}

/**
 * Resolves once the database has every migration this build knows, retrying
 * every second while the database cannot be reached or is not migrated yet,
 * and throws after `waitSeconds`. In a deployment the web replicas start with
 * the API's, which migrates as it starts: a new web replica waits for that
 * rather than exiting (Swarm would count the exit as a failed update and roll
 * back).
 */
async function untilMigrated(fastify: FastifyInstance, db: DatabaseClient, waitSeconds: number) {
  const deadline = Date.now() + waitSeconds * 1000;
  for (;;) {
    const state = await schemaState(db);
    if ('pending' in state && state.pending.length === 0) return;
    if (Date.now() >= deadline) throw new Error(givingUp(state, waitSeconds));
    if ('pending' in state) {
      fastify.log.info({ pending: state.pending }, 'waiting for the API to migrate the database');
    } else fastify.log.info({ err: state.unreachable }, 'waiting for the database to answer');
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
