// `pnpm start`'s launcher, stopped the way a developer stops it: Ctrl-C,
// which a terminal sends to every process of its foreground group.
import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestDatabase, freePort } from '@minitwit/local-postgres';
import t, { type Test } from 'tap';

const launcher = path.resolve(import.meta.dirname, '..', 'dist', 'start.js');

/**
 * The launcher in a process group of its own, as a terminal's foreground job;
 * with `terminal`, on a pseudo-terminal of its own (util-linux's `script`),
 * where Ctrl-C is the character a keyboard sends.
 */
async function spawnLauncher(t: Test, env: NodeJS.ProcessEnv, { terminal = false } = {}) {
  const [apiPort, webPort] = [await freePort(), await freePort()];
  // The test runner's database is not the launcher's unless `env` says so.
  const inherited = { ...process.env };
  delete inherited.DATABASE_URL;
  delete inherited.MIGRATION_DATABASE_URL;
  const [command, args] = terminal
    ? [
        'script',
        [
          '--quiet',
          '--flush',
          '--return',
          '--command',
          // exec: the launcher, not a shell waiting on it, is the terminal's
          // job (dash, `script`'s shell where SHELL is unset, exits 130 on Ctrl-C).
          `exec ${process.execPath} ${launcher}`,
          '/dev/null',
        ],
      ]
    : [process.execPath, [launcher]];
  const child = spawn(command, args, {
    detached: true,
    env: {
      ...inherited,
      API_PORT: String(apiPort),
      WEB_PORT: String(webPort),
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const group = child.pid ?? 0;
  t.teardown(() => {
    if (child.exitCode === null) process.kill(-group, 'SIGKILL');
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return {
    apiPort,
    webPort,
    output: () => output,
    /** Resolves with the exit code. */
    exit,
    /** Ctrl-C: the signal to the whole group; the exit code. */
    interrupt: () => {
      if (terminal) child.stdin.write('\x03');
      else process.kill(-group, 'SIGINT');
      return exit;
    },
    running: () => child.exitCode === null,
  };
}

/** The launcher (spawnLauncher), once it is up. */
async function launch(t: Test, env: NodeJS.ProcessEnv, options: { terminal?: boolean } = {}) {
  const launched = await spawnLauncher(t, env, options);
  while (!launched.output().includes('MiniTwit is up') && launched.running()) await sleep(100);
  t.match(launched.output(), 'MiniTwit is up', 'both services started');
  return launched;
}

/** A LOCAL_DATA_DIR of the test's own, removed when it ends. */
async function dataFolder(t: Test): Promise<string> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'minitwit-start-'));
  // mkdtemp makes the folder private; as root, PostgreSQL runs as another user.
  await chmod(dataDir, 0o755);
  t.teardown(() => rm(dataDir, { recursive: true, force: true }));
  return dataDir;
}

t.test('Ctrl-C stops each service once, and the launcher exits with 0', async (t) => {
  const database = await createTestDatabase();
  t.teardown(() => database.drop());
  const { apiPort, webPort, output, interrupt } = await launch(t, database.environment);
  t.equal(await interrupt(), 0, 'the launcher exits with 0 once everything has stopped');
  t.notMatch(output(), /second SIG/, 'no service got a second signal');
  t.equal(output().match(/"msg":"closing"/g)?.length, 2, 'each service closed gracefully, once');
  await t.rejects(fetch(`http://127.0.0.1:${apiPort}/health/live`), 'the API is gone');
  await t.rejects(fetch(`http://127.0.0.1:${webPort}/health/live`), 'the web app is gone');
});

t.test(
  'the embedded PostgreSQL keeps its port across starts, and stops after the services, quietly',
  async (t) => {
    const dataDir = await dataFolder(t);
    const urls: string[] = [];
    for (const start of ['first', 'second']) {
      const { output, interrupt } = await launch(t, { LOCAL_DATA_DIR: dataDir });
      urls.push(/embedded PostgreSQL is up: DATABASE_URL=(\S+)/.exec(output())?.[1] ?? '');
      t.equal(await interrupt(), 0, `${start} start: exits with 0 on Ctrl-C`);
      t.notMatch(
        output(),
        /terminating connection|"level":[4-6]0/,
        `${start} start: no service saw its database go, nothing logged above info`,
      );
    }
    t.match(urls[0], /^postgresql:\/\/minitwit_runtime:/, 'the URL is printed');
    t.equal(urls[1], urls[0], 'the same URL, port included, on the second start');
  },
);

t.test('on a terminal the services log readable lines; elsewhere JSON', async (t) => {
  const database = await createTestDatabase();
  t.teardown(() => database.drop());
  for (const terminal of [true, false]) {
    const { apiPort, output, interrupt } = await launch(t, database.environment, { terminal });
    await fetch(`http://127.0.0.1:${apiPort}/latest`);
    t.equal(await interrupt(), 0, `terminal: ${terminal}: Ctrl-C stops it`);
    const lines = output().split(/\r?\n/);
    const jsonLines = lines.filter((line) => line.startsWith('{"level":'));
    if (terminal) {
      t.same(jsonLines, [], 'on a terminal: no JSON line');
      t.ok(
        lines.some((line) => /INFO.*api Server listening at http/.test(line)),
        'a time, the level, the service and the message',
      );
      t.ok(
        lines.some((line) => /INFO.*api GET \/latest → 200 \([\d.]+ ms\)/.test(line)),
        'a request as method, route, status and time',
      );
    } else {
      t.ok(
        jsonLines.some((line) => (JSON.parse(line) as { route?: string }).route === '/latest'),
        'elsewhere: JSON lines',
      );
    }
  }
});

t.test('a data folder PostgreSQL cannot start in: why, in a few lines, no stack', async (t) => {
  const dataDir = await dataFolder(t);
  // A data folder that is not one: a version file and nothing else.
  await mkdir(path.join(dataDir, 'postgres'), { mode: 0o777 });
  await writeFile(path.join(dataDir, 'postgres', 'PG_VERSION'), '15\n', { mode: 0o666 });
  const started = await spawnLauncher(t, { LOCAL_DATA_DIR: dataDir });
  const code = await started.exit;
  const output = started.output();
  t.equal(code, 1, 'exits with 1');
  t.match(output, /the embedded PostgreSQL in \S+ cannot start: .*postgresql\.conf/s, 'says why');
  t.match(output, /move it away/, 'and what to do');
  t.notMatch(output, /^\s+at /m, 'no stack trace');
  t.notMatch(output, /MiniTwit is up/, 'and starts nothing');
});
