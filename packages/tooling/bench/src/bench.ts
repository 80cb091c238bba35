// pnpm bench: the services on an embedded PostgreSQL with a large data set,
// each hot path measured with autocannon (saturation, and latency at a fixed
// rate), against a raw baseline and a database of 100 messages, plus the
// simulator's sequential replay. Writes bench-results/bench.{json,md}.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import {
  freePort,
  type ReadyService,
  startLocalPostgres,
  startReadyService,
  waitUntilReady,
} from '@minitwit/local-postgres';
import {
  basicAuthorization,
  defaultCredentials,
  generateScenario,
  meanMs,
  type ReplayResult,
  replay,
  simulatorClient,
} from '@minitwit/simulator';
import { atRate, type Latency, type Saturation, saturate, type Target } from './load.js';
import { formatMarkdown, type ReplaySummary, type Results } from './report.js';
import {
  type DataSetSize,
  followerOf500,
  fullSize,
  seed,
  seededPassword,
  settle,
  timelineAuthor,
  smallSize,
} from './seed.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const rate = 500;
const replayActions = Number(process.env.BENCH_REPLAY_ACTIONS ?? 3000);
const outputDir = path.resolve(import.meta.dirname, '..', '..', '..', '..', 'bench-results');
const log = (message: string) => {
  console.error(`bench: ${message}`);
};

// The API's development credentials (the bench runs it with its defaults).
const asSimulator = { authorization: basicAuthorization(defaultCredentials) };

const apiTargets: Target[] = [
  { name: 'GET /msgs', method: 'GET', path: '/msgs', headers: asSimulator },
  {
    name: 'GET /msgs/{user}',
    method: 'GET',
    path: `/msgs/${timelineAuthor}`,
    headers: asSimulator,
  },
  { name: 'GET /fllws/{user}', method: 'GET', path: '/fllws/user1', headers: asSimulator },
  {
    name: 'POST /msgs/{user}',
    method: 'POST',
    path: '/msgs/user2',
    headers: asSimulator,
    bodies: [JSON.stringify({ content: 'A benchmark message' })],
  },
  {
    name: 'POST /fllws/{user}',
    method: 'POST',
    path: '/fllws/user3',
    headers: asSimulator,
    bodies: [JSON.stringify({ follow: 'user4' }), JSON.stringify({ unfollow: 'user4' })],
  },
];

const timelines = new Set(['GET /msgs', 'GET /msgs/{user}', 'web /public', 'web /{user}', 'web /']);

/** The session cookie of `username`, signed in through the web form. */
async function signIn(web: ReadyService, username: string): Promise<string> {
  const response = await fetch(`${web.base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password: seededPassword }),
  });
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('minitwit_session='));
  if (response.status !== 302 || !cookie) throw new Error(`${username} could not sign in`);
  return cookie.split(';')[0] ?? '';
}

const webTargets = (cookie: string): Target[] => [
  { name: 'web /public', method: 'GET', path: '/public' },
  { name: 'web /{user}', method: 'GET', path: `/${timelineAuthor}` },
  { name: 'web /', method: 'GET', path: '/', headers: { cookie } },
];

interface Services {
  api: ReadyService;
  web: ReadyService;
  cookie: string;
  stop(): Promise<void>;
}

/** Every process started here, stopped at the end whatever happens. */
const running: ChildProcess[] = [];

async function startServices(url: string, size: DataSetSize): Promise<Services> {
  const env = { DATABASE_URL: url, LOG_LEVEL: 'warn' };
  // The API migrates the empty database as it starts; then it is filled.
  const api = await startReadyService('api', env);
  running.push(api.child);
  const started = Date.now();
  await seed(url, size);
  log(`seeded ${JSON.stringify(size)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const web = await startReadyService('web', env);
  running.push(web.child);
  const cookie = await signIn(web, followerOf500);
  const stop = async () => {
    for (const service of [api, web]) {
      service.child.kill('SIGTERM');
      await service.exit;
    }
  };
  return { api, web, cookie, stop };
}

async function startBaseline(url: string) {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(import.meta.dirname, 'baseline-server.js')], {
    env: { PATH: process.env.PATH, DATABASE_URL: url, PORT: String(port) },
    stdio: 'inherit',
  });
  running.push(child);
  const base = `http://127.0.0.1:${port}`;
  await waitUntilReady(`${base}/health/ready`, child);
  return { base, stop: () => child.kill('SIGTERM') };
}

/**
 * The simulator's sequential replay against `base`; `tag` makes its
 * usernames new on a database that has seen another replay.
 */
function replayOn(base: string, tag: string) {
  const { actions } = generateScenario({ actions: replayActions, seed: 6, tag });
  return replay(actions, simulatorClient({ ...defaultCredentials, baseUrl: base, timeoutMs: 300 }));
}

function summary({
  sent,
  errorCount,
  elapsedMs,
  latenciesMs,
  timeByCommand,
}: ReplayResult): ReplaySummary {
  const registrations = timeByCommand.get('register') ?? { count: 0, totalMs: 0 };
  const others = {
    count: sent - registrations.count,
    totalMs: latenciesMs.reduce((sum, ms) => sum + ms, 0) - registrations.totalMs,
  };
  return {
    actions: sent,
    errors: errorCount,
    actionsPerSecond: sent / (elapsedMs / 1000),
    registrations: registrations.count,
    registrationMeanMs: meanMs(registrations),
    otherActionMeanMs: meanMs(others),
  };
}

const dataDir = await mkdtemp(path.join(tmpdir(), 'minitwit-bench-'));
const postgres = await startLocalPostgres({ dataDir, port: await freePort(), throwaway: true });
try {
  const results: Results = {
    machine: { cpus: cpus().length, node: process.version },
    settings: { seconds, connections: 50, rate, replayActions },
    paths: [],
  };

  log('small data set (100 messages)');
  await postgres.admin.create('bench_small');
  const small = await startServices(postgres.admin.url('bench_small'), smallSize);
  const smallThroughput = new Map<string, Saturation>();
  for (const target of [...apiTargets, ...webTargets(small.cookie)]) {
    if (!timelines.has(target.name)) continue;
    const base = target.name.startsWith('web') ? small.web.base : small.api.base;
    smallThroughput.set(target.name, await saturate(base, target, seconds));
    log(`small ${target.name}: ${smallThroughput.get(target.name)?.requestsPerSecond} req/s`);
  }
  await small.stop();

  log('full data set');
  await postgres.admin.create('bench_full');
  const fullUrl = postgres.admin.url('bench_full');
  const full = await startServices(fullUrl, fullSize);
  const measured = new Map<string, { saturation: Saturation; latency: Latency }>();
  for (const target of [...apiTargets, ...webTargets(full.cookie)]) {
    const base = target.name.startsWith('web') ? full.web.base : full.api.base;
    const saturation = await saturate(base, target, seconds);
    const latency = await atRate(base, target, seconds, rate);
    measured.set(target.name, { saturation, latency });
    log(
      `${target.name}: ${saturation.requestsPerSecond} req/s, p99 ${latency.p99Ms} ms at ${rate}/s`,
    );
  }

  // Both replays one after the other on a settled database (the runs above
  // left dead rows and autovacuum work behind), so that they compare.
  await settle(fullUrl);
  const baseline = await startBaseline(fullUrl);
  log(`simulator replay: ${replayActions} actions, one connection each`);
  const replayed = await replayOn(full.api.base, 'bench');
  log('simulator replay on the raw baseline');
  const baselineReplayed = await replayOn(baseline.base, 'baseline');
  await full.stop();

  log('raw baseline');
  const baselineThroughput = new Map<string, Saturation>();
  for (const target of apiTargets) {
    baselineThroughput.set(target.name, await saturate(baseline.base, target, seconds));
    log(`baseline ${target.name}: ${baselineThroughput.get(target.name)?.requestsPerSecond} req/s`);
  }
  baseline.stop();

  for (const [name, { saturation, latency }] of measured) {
    results.paths.push({
      name,
      saturation,
      latency,
      small: smallThroughput.get(name),
      baseline: baselineThroughput.get(name),
    });
  }
  results.replay = { ours: summary(replayed), baseline: summary(baselineReplayed) };

  await mkdir(outputDir, { recursive: true });
  await writeFile(path.join(outputDir, 'bench.json'), `${JSON.stringify(results, null, 2)}\n`);
  const markdown = formatMarkdown(results);
  await writeFile(path.join(outputDir, 'bench.md'), markdown);
  console.log(markdown);
} finally {
  for (const child of running) child.kill('SIGKILL');
  await postgres.stop();
  await rm(dataDir, { recursive: true, force: true });
}
