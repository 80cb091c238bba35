import { execFile, spawn } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { freePort } from '@minitwit/local-postgres';
import type { Test } from 'tap';

const run = promisify(execFile);
const bin = '/usr/lib/postgresql/15/bin';

export interface DebianPostgres {
  /** A connection URL for `database` on this server, as `user` (trusted: no password). */
  url(database: string, user?: string): string;
  /** Runs SQL with psql and returns what it printed (unaligned, tuples only). */
  sql(database: string, statement: string): Promise<string>;
}

/** PostgreSQL refuses to run as root: as root, run it as Debian's postgres user. */
const asPostgres = (command: string, args: string[]): [string, string[]] =>
  process.getuid?.() === 0
    ? ['runuser', ['-u', 'postgres', '--', command, ...args]]
    : [command, args];

/**
 * Debian's PostgreSQL 15 (the `postgresql-15` package), the server and
 * client tools the database droplet runs: a throwaway cluster on a loopback
 * port, trusting local connections, stopped when the test ends.
 */
export async function startDebianPostgres(t: Test): Promise<DebianPostgres> {
  const dir = await mkdtemp(path.join(tmpdir(), 'minitwit-debian-postgres-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await chmod(dir, 0o777);
  const data = path.join(dir, 'data');
  await run(
    ...asPostgres(path.join(bin, 'initdb'), [
      '--pgdata',
      data,
      '--username',
      'postgres',
      '--auth',
      'trust',
      '--encoding',
      'UTF8',
      '--no-sync',
    ]),
  );
  const port = await freePort();
  const [command, args] = asPostgres(path.join(bin, 'postgres'), [
    '-D',
    data,
    '-p',
    String(port),
    '-k',
    dir,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'fsync=off',
  ]);
  const server = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  server.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise((resolve) => server.once('exit', resolve));
  // runuser does not pass signals on as given: pg_ctl stops the server itself.
  t.teardown(async () => {
    await run(...asPostgres(path.join(bin, 'pg_ctl'), ['stop', '-D', data, '-m', 'fast']));
    await exited;
  });

  const url = (database: string, user = 'postgres') =>
    `postgresql://${user}@127.0.0.1:${port}/${database}`;
  const psql = (database: string, statement: string) =>
    run(path.join(bin, 'psql'), [
      '--no-psqlrc',
      '--quiet',
      '--tuples-only',
      '--no-align',
      '-v',
      'ON_ERROR_STOP=1',
      '--dbname',
      url(database),
      '--command',
      statement,
    ]);
  for (let attempt = 0; ; attempt++) {
    const ready = await psql('postgres', 'SELECT 1').then(
      () => true,
      () => false,
    );
    if (ready) break;
    if (attempt === 100 || server.exitCode !== null) {
      throw new Error(`PostgreSQL 15 did not start:\n${output}`);
    }
    await sleep(100);
  }
  return {
    url,
    sql: async (database, statement) => (await psql(database, statement)).stdout,
  };
}
