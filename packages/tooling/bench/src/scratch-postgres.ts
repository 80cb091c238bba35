import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, startLocalPostgres } from '@minitwit/local-postgres';

/**
 * A throwaway PostgreSQL for one benchmark run, in a temporary folder that
 * the benchmark may also use (`workDir`) and that `stop` removes.
 */
export async function startScratchPostgres(name: string, settings?: Record<string, string>) {
  const workDir = await mkdtemp(path.join(tmpdir(), `minitwit-${name}-`));
  // mkdtemp makes the folder private; as root, PostgreSQL runs as another user.
  await chmod(workDir, 0o755);
  const postgres = await startLocalPostgres({
    dataDir: path.join(workDir, 'postgres'),
    port: await freePort(),
    throwaway: true,
    settings,
  });
  return {
    admin: postgres.admin,
    workDir,
    async stop() {
      await postgres.stop();
      await rm(workDir, { recursive: true, force: true });
    },
  };
}
