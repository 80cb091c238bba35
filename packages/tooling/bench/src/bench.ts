// pnpm bench: the services on an embedded PostgreSQL with a large data set,
// each hot path measured with autocannon (saturation, and latency at a fixed
// rate), the timelines with their cache and without it, against a raw
// baseline and a database of 100 messages; then how soon a message written
// through one API replica is listed by another, and the simulator's
// sequential replay. Writes bench-results/bench.{json,md}.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import path from 'node:path';
import {
  freePort,
  type ReadyService,
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
import { measureFreshness } from './freshness.js';
import { explainHomeTimelines } from './home-statements.js';
import { atRate, saturate, type Target } from './load.js';
import {
  formatMarkdown,
  type Measurement,
  type ReplaySummary,
  type Results,
  type Variant,
} from './report.js';
import {
  type DataSetSize,
  followerOf500,
  fullSize,
  seed,
  seededPassword,
  settle,
  smallSize,
  timelineAuthor,
} from './seed.js';
import { startScratchPostgres } from './scratch-postgres.js';
import { statementCounter, statementStatistics } from './statements.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const rate = 500;
const replayActions = Number(process.env.BENCH_REPLAY_ACTIONS ?? 3000);
const freshness = {
  writesPerSecond: 50,
  seconds: Number(process.env.BENCH_FRESHNESS_SECONDS ?? 20),
};
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

/** The reads each replica keeps in memory: timelines, home timelines, session records. */
const cachedReads = new Set([
  'GET /msgs',
  'GET /msgs/{user}',
  'web /public',
  'web /{user}',
  'web /',
  'web /public, signed in',
]);
/** The reads also measured on the small data set: those anyone makes. */
const comparedAcrossSizes = new Set([
  'GET /msgs',
  'GET /msgs/{user}',
  'web /public',
  'web /{user}',
]);

/** The session cookie a response sets, if any. */
const sessionCookie = (response: Response) =>
  response.headers
    .getSetCookie()
    .find((c) => c.startsWith('minitwit_session='))
    ?.split(';')[0];

/**
 * The session cookie of `username`, signed in through the web form, as a
 * browser holds it after the first page: that page shows the sign-in's
 * flash and writes the cookie again without it. A cookie still carrying the
 * flash would have every measured page show it and seal a new cookie.
 */
async function signIn(web: ReadyService, username: string): Promise<string> {
  const response = await fetch(`${web.base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password: seededPassword }),
  });
  const withFlash = sessionCookie(response);
  if (response.status !== 302 || !withFlash) throw new Error(`${username} could not sign in`);
  const firstPage = await fetch(`${web.base}/`, { headers: { cookie: withFlash } });
  const cookie = sessionCookie(firstPage) ?? withFlash;
  const again = await fetch(`${web.base}/`, { headers: { cookie } });
  if (!again.ok || sessionCookie(again)) {
    throw new Error(`${username}'s pages still write the session cookie: not what a reader sees`);
  }
  return cookie;
}

const webTargets = (cookie: string): Target[] => [
  { name: 'web /public', method: 'GET', path: '/public' },
  { name: 'web /{user}', method: 'GET', path: `/${timelineAuthor}` },
  { name: 'web /', method: 'GET', path: '/', headers: { cookie } },
  { name: 'web /public, signed in', method: 'GET', path: '/public', headers: { cookie } },
];

/** The message texts of a web timeline page (they are the bench's own: nothing to unescape). */
const pageTexts = (html: string) =>
  [...html.matchAll(/<\/a><\/strong>\s*(.*?)\s*<small>/gs)].map((match) => match[1] ?? '');

/** Every process started here, stopped at the end whatever happens. */
const running: ChildProcess[] = [];

const uncached = { TIMELINE_CACHE_ENTRIES: '0' };

async function start(name: 'api' | 'web', env: NodeJS.ProcessEnv): Promise<ReadyService> {
  const service = await startReadyService(name, { LOG_LEVEL: 'warn', ...env });
  running.push(service.child);
  return service;
}

async function stop(...services: ReadyService[]) {
  for (const service of services) {
    service.child.kill('SIGTERM');
    await service.exit;
  }
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

/** A database of `size`, migrated by an API started on it (which is returned, running). */
async function seeded(url: string, size: DataSetSize, env: NodeJS.ProcessEnv = {}) {
  const api = await start('api', { DATABASE_URL: url, ...env });
  const started = Date.now();
  await seed(url, size);
  await settle(url);
  log(
    `seeded and settled ${JSON.stringify(size)} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return api;
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

const postgres = await startScratchPostgres('bench', statementStatistics);
try {
  const results: Results = {
    machine: { cpus: cpus().length, node: process.version },
    settings: { seconds, rounds, connections: 50, rate, replayActions },
    measurements: [],
  };

  // The small database shows how the queries scale with the data, so its
  // services read every timeline from the database.
  log('small data set (100 messages), timeline cache off');
  await postgres.admin.create('bench_small');
  const smallUrl = postgres.admin.url('bench_small');
  const smallApi = await seeded(smallUrl, smallSize, uncached);
  const smallWeb = await start('web', { DATABASE_URL: smallUrl, ...uncached });
  for (const target of [...apiTargets, ...webTargets('')]) {
    if (!comparedAcrossSizes.has(target.name)) continue;
    const base = target.name.startsWith('web') ? smallWeb.base : smallApi.base;
    const { requestsPerSecond } = await saturate(base, target, seconds);
    results.measurements.push({
      path: target.name,
      variant: 'small, uncached',
      runs: [{ requestsPerSecond }],
    });
    log(`small ${target.name}: ${requestsPerSecond} req/s`);
  }
  await stop(smallApi, smallWeb);

  log('full data set');
  await postgres.admin.create('bench_full');
  const fullUrl = postgres.admin.url('bench_full');
  const env = { DATABASE_URL: fullUrl };
  const api = await seeded(fullUrl, fullSize);
  const apiUncached = await start('api', { ...env, ...uncached });
  const web = await start('web', env);
  const webUncached = await start('web', { ...env, ...uncached });
  const baseline = await startBaseline(fullUrl);
  const cookie = await signIn(web, followerOf500);
  log('home timeline statements: both ways, for users following 500, about 20 and none');
  results.homeStatements = await explainHomeTimelines(fullUrl, [
    followerOf500,
    'user1',
    timelineAuthor,
  ]);
  const statements = await statementCounter(postgres.admin.url('bench_full'));

  // Each variant of a path is measured in turn, `rounds` times, the order
  // rotating each round, so that background work (autovacuum, a noisy
  // neighbour) weighs on all alike.
  for (const target of [...apiTargets, ...webTargets(cookie)]) {
    const isWeb = target.name.startsWith('web');
    const variants: [Variant, string][] = cachedReads.has(target.name)
      ? [
          ['cached', (isWeb ? web : api).base],
          ['uncached', (isWeb ? webUncached : apiUncached).base],
        ]
      : [['ours', (isWeb ? web : api).base]];
    if (!isWeb) variants.push(['raw baseline', baseline.base]);
    const measured = new Map(variants.map(([variant]) => [variant, [] as Measurement['runs']]));
    for (let round = 0; round < rounds; round++) {
      const first = round % variants.length;
      for (const [variant, base] of [...variants.slice(first), ...variants.slice(0, first)]) {
        const before = await statements.count();
        const saturation = await saturate(base, target, seconds);
        const statementsPerThousand =
          ((await statements.count()) - before) / (saturation.requests / 1000);
        const latency = await atRate(base, target, seconds, rate);
        measured.get(variant)?.push({
          requestsPerSecond: saturation.requestsPerSecond,
          p50Ms: latency.p50Ms,
          p99Ms: latency.p99Ms,
          sentPerSecond: latency.requestsPerSecond,
          statementsPerThousand,
          failures: saturation.failures + latency.failures,
        });
        log(
          `${target.name} (${variant}): ${saturation.requestsPerSecond} req/s, ` +
            `p50 ${latency.p50Ms} ms, p99 ${latency.p99Ms} ms at ${rate}/s, ` +
            `${statementsPerThousand.toFixed(1)} statements per 1,000`,
        );
      }
    }
    for (const [variant, runs] of measured)
      results.measurements.push({ path: target.name, variant, runs });
  }
  await statements.close();

  log(
    `freshness: ${freshness.writesPerSecond} messages/s through one API replica, listed by another`,
  );
  await settle(fullUrl);
  const otherReplica = await start('api', env);
  const probe = { writer: api.base, headers: asSimulator, username: 'user5', ...freshness };
  const list = await measureFreshness({
    ...probe,
    listed: async () => {
      const response = await fetch(`${otherReplica.base}/msgs?no=20`, { headers: asSimulator });
      return ((await response.json()) as { content: string }[]).map(({ content }) => content);
    },
  });
  // user5 is among those followerOf500 follows.
  log(`freshness: the same on ${followerOf500}'s web /`);
  const home = await measureFreshness({
    ...probe,
    listed: async () => {
      const response = await fetch(`${web.base}/`, { headers: { cookie } });
      return pageTexts(await response.text());
    },
  });
  results.freshness = { list, home };
  await stop(otherReplica, web, webUncached, apiUncached);

  // Both replays one after the other on a settled database (the runs above
  // left dead rows and autovacuum work behind), so that they compare.
  await settle(fullUrl);
  log(`simulator replay: ${replayActions} actions, one connection each`);
  const replayed = await replayOn(api.base, 'bench');
  log('simulator replay on the raw baseline');
  const baselineReplayed = await replayOn(baseline.base, 'baseline');
  await stop(api);
  baseline.stop();
  results.replay = { ours: summary(replayed), baseline: summary(baselineReplayed) };

  await mkdir(outputDir, { recursive: true });
  await writeFile(path.join(outputDir, 'bench.json'), `${JSON.stringify(results, null, 2)}\n`);
  const markdown = formatMarkdown(results);
  await writeFile(path.join(outputDir, 'bench.md'), markdown);
  console.log(markdown);
} finally {
  for (const child of running) child.kill('SIGKILL');
  await postgres.stop();
}
