import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const prismaCli = createRequire(import.meta.url).resolve('prisma/build/index.js');
const prismaConfig = path.join(import.meta.dirname, '..', 'prisma.config.ts');

// What `prisma migrate deploy` prints last when it succeeded.
const successLines = [
  'All migrations have been successfully applied.',
  'No pending migrations to apply.',
];

/**
 * Applies every pending migration in prisma/migrations to the database at
 * `url`, through the Prisma CLI with the JavaScript schema engine. Concurrent
 * callers are safe: the CLI holds an advisory lock while it migrates.
 */
export function applyMigrations(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
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
      else reject(new Error(`Applying database migrations failed:\n${output.trimEnd()}`));
    });
  });
}
