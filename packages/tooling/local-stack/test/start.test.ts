// `pnpm start`'s launcher, stopped the way a developer stops it: Ctrl-C,
// which a terminal sends to every process of its foreground group.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestDatabase, freePort } from '@minitwit/local-postgres';
import t from 'tap';

const launcher = path.resolve(import.meta.dirname, '..', 'dist', 'start.js');

t.test('Ctrl-C stops each service once, and the launcher exits with 0', async (t) => {
  const database = await createTestDatabase();
  t.teardown(() => database.drop());
  const [apiPort, webPort] = [await freePort(), await freePort()];
  const child = spawn(process.execPath, [launcher], {
    // A process group of its own, as a terminal's foreground job.
    detached: true,
    env: {
      ...process.env,
      ...database.environment,
      API_PORT: String(apiPort),
      WEB_PORT: String(webPort),
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const group = child.pid ?? 0;
  t.teardown(() => {
    if (child.exitCode === null) process.kill(-group, 'SIGKILL');
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));

  while (!output.includes('MiniTwit is up') && child.exitCode === null) await sleep(100);
  t.match(output, 'MiniTwit is up', 'both services started');

  process.kill(-group, 'SIGINT');
  t.equal(await exit, 0, 'the launcher exits with 0 once everything has stopped');
  t.notMatch(output, /second SIG/, 'no service got a second signal');
  t.equal(output.match(/"msg":"closing"/g)?.length, 2, 'each service closed gracefully, once');
  await t.rejects(fetch(`http://127.0.0.1:${apiPort}/health/live`), 'the API is gone');
  await t.rejects(fetch(`http://127.0.0.1:${webPort}/health/live`), 'the web app is gone');
});
