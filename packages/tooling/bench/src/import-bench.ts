// pnpm bench:import: generates a classic MiniTwit SQLite database as large as
// the benchmark's data set (10,000 users, 1,000,000 messages, 200,000
// follows, some of them dirty as real ones are), imports it with
// `pnpm minitwit import` into an embedded PostgreSQL that the API has
// migrated, and prints the time, rows/s and the importer's peak memory; then
// replays the simulator against the API on the imported database and checks
// what it holds afterwards.
import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import {
  type ClassicValue,
  legacyHashVectors,
  writeClassicDatabase,
} from '@minitwit/classic-fixtures';
import { startReadyService } from '@minitwit/local-postgres';
import { defaultCredentials, formatReport, simulate } from '@minitwit/simulator';
import { startScratchPostgres } from './scratch-postgres.js';
import { fullSize } from './seed.js';

const size = {
  users: Number(process.env.BENCH_IMPORT_USERS ?? fullSize.users),
  messages: Number(process.env.BENCH_IMPORT_MESSAGES ?? fullSize.messages),
  follows: Number(process.env.BENCH_IMPORT_FOLLOWS ?? fullSize.follows),
};
const replayActions = Number(process.env.BENCH_REPLAY_ACTIONS ?? 3000);
const root = path.resolve(import.meta.dirname, '..', '..', '..', '..');
const log = (message: string) => {
  console.error(`bench:import: ${message}`);
};

/** A small deterministic generator (mulberry32): the same database every run. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The classic database's rows: hashes in every legacy format, dates over a year, 1 % flagged. */
function* classicRows(kind: 'users' | 'messages' | 'follows'): Generator<ClassicValue[]> {
  const next = random({ users: 1, messages: 2, follows: 3 }[kind]);
  const pick = (count: number) => 1 + Math.floor(next() * count);
  const yearAgo = Math.floor(Date.now() / 1000) - 365 * 24 * 3600;
  if (kind === 'users') {
    for (let id = 1; id <= size.users; id++) {
      const vector = legacyHashVectors[id % legacyHashVectors.length];
      yield [id, `user${id}`, `user${id}@example.org`, vector?.hash ?? ''];
    }
  } else if (kind === 'messages') {
    for (let id = 1; id <= size.messages; id++) {
      const text = `Message ${id} from the classic MiniTwit, carried over with its date`;
      yield [id, pick(size.users), text, yearAgo + pick(365 * 24 * 3600), next() < 0.01 ? 1 : 0];
    }
  } else {
    // Random pairs: some repeat and a few are self-follows, as in a real
    // classic database (it never stopped either).
    for (let row = 1; row <= size.follows; row++) yield [pick(size.users), pick(size.users)];
  }
}

/** Runs the CLI; its output, exit code and wall time. */
function runCli(args: string[], env: NodeJS.ProcessEnv) {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [path.join(root, 'packages/tooling/cli/dist/main.js'), ...args],
    {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise<{ output: string; code: number | null; seconds: number }>((resolve) => {
    child.on('exit', (code) => {
      resolve({ output, code, seconds: (performance.now() - started) / 1000 });
    });
  });
}

const postgres = await startScratchPostgres('import-bench');
const { workDir } = postgres;
try {
  const classicFile = path.join(workDir, 'minitwit.db');
  let started = performance.now();
  writeClassicDatabase(classicFile, {
    users: classicRows('users'),
    messages: classicRows('messages'),
    follows: classicRows('follows'),
  });
  const megabytes = (await stat(classicFile)).size / 1024 / 1024;
  log(
    `classic database of ${JSON.stringify(size)} (${megabytes.toFixed(0)} MB) written in ` +
      `${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  await postgres.admin.create('minitwit');
  await postgres.admin.prepareRoles('minitwit');
  const env = {
    DATABASE_URL: postgres.admin.url('minitwit', 'runtime'),
    MIGRATION_DATABASE_URL: postgres.admin.url('minitwit', 'migration'),
  };
  const api = await startReadyService('api', { LOG_LEVEL: 'warn', ...env });
  try {
    started = performance.now();
    const imported = await runCli(
      ['import', classicFile, '--report', path.join(workDir, 'report.tsv')],
      env,
    );
    if (imported.code !== 0) throw new Error(`the import failed (exit ${imported.code})`);
    process.stdout.write(imported.output);
    const rows = size.users + size.messages + size.follows;
    console.log(
      `import: ${rows} rows in ${imported.seconds.toFixed(1)} s (the process, start to exit) = ` +
        `${Math.round(rows / imported.seconds)} rows/s`,
    );

    log(`simulator: ${replayActions} actions against the API on the imported database`);
    const report = await simulate({
      actions: replayActions,
      seed: 18,
      tag: 'imported',
      ...defaultCredentials,
      baseUrl: api.base,
      timeoutMs: 300,
    });
    console.log(formatReport(report));
    if (report.replay.errorCount > 0 || report.differences.length > 0) process.exitCode = 1;
  } finally {
    api.child.kill('SIGTERM');
    await api.exit;
  }
} finally {
  await postgres.stop();
}
