import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import pg from 'pg';

const prismaCli = createRequire(import.meta.url).resolve('prisma/build/index.js');
const prismaConfig = path.join(import.meta.dirname, '..', 'prisma.config.ts');

// What `prisma migrate deploy` prints last when it succeeded.
const successLines = [
  'All migrations have been successfully applied.',
  'No pending migrations to apply.',
];

/**
 * Prisma's account of a failed migration, in one line: from its first
 * `Error:` line on (the migration, PostgreSQL's error). Its banner and
 * warnings, and the whole output, stay in `output` for the debug log.
 */
export class MigrationError extends Error {
  constructor(readonly output: string) {
    const account = output.slice(Math.max(0, output.indexOf('Error:'))).replace(/\s+/g, ' ');
    super(`applying the database migrations failed: ${account.trim().slice(0, 400)}`);
    this.name = 'MigrationError';
  }
}

/** Connects to `url` and leaves: a database that cannot be reached fails in node-postgres' words, not Prisma's. */
async function reach(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  // An error after connect() failed (the socket closing) must not go unheard.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Applies every pending migration in prisma/migrations to the database at
 * `url`, through the Prisma CLI with the JavaScript schema engine. Concurrent
 * callers are safe: the CLI holds an advisory lock while it migrates.
 */
export async function applyMigrations(url: string): Promise<void> {
  await reach(url);
  await new Promise<void>((resolve, reject) => {
    const cli = spawn(
      process.execPath,
      [prismaCli, 'migrate', 'deploy', '--config', prismaConfig],
      {
        env: { ...process.env, DATABASE_URL: url, CHECKPOINT_DISABLE: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    let succeeded = false;
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      // The JavaScript schema engine (6.19) leaves a 10 s timer behind, so the
      // CLI lingers that long after it has finished: stop it once it says so.
      if (!succeeded && successLines.some((line) => output.includes(line))) {
        succeeded = true;
        cli.kill();
        resolve();
      }
    };
    cli.stdout.on('data', collect);
    cli.stderr.on('data', collect);
    cli.on('error', reject);
    cli.on('close', (code) => {
      if (succeeded) return;
      if (code === 0) resolve();
      else reject(new MigrationError(output));
    });
  });
}
