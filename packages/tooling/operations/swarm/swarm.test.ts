// `pnpm test:swarm`: docker-stack.yml on a real Docker Swarm, on this one
// machine. A Docker engine of the test's own (engine.ts) runs a registry, the
// three database hosts (database-hosts.ts: Patroni, etcd, pgBackRest) and
// three Swarm nodes in containers (cluster.ts); the images
// the stack names are made from Debian's packages and npm where no registry
// can give them (images.ts); both apps are built from their own Dockerfiles
// (releases.ts); the project's own scripts create the secrets, deploy, scale
// and smoke-check (deployment.ts lists the substitutions this machine forces).
// All traffic goes through nginx, published on loopback.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { simulatorClient } from '@minitwit/simulator';
import t, { type Test } from 'tap';
import { parse } from 'yaml';
import { apiHost, webHost } from '../test/certificate.js';
import { viaNginx } from '../test/proxy-client.js';
import {
  checkWrites,
  keepSending,
  longestWriteGap,
  apiPageSize,
  messagesThroughApi,
  registerWriters,
  simulateUntil,
  writeUntil,
} from '../test/traffic.js';
import { formCluster, pushImages } from './cluster.js';
import { type DatabaseHost, databaseSubstitutions } from './database-hosts.js';
import { prepareDeployment, scriptSubstitutions, stackSubstitutions } from './deployment.js';
import { startPrivateEngine, testSubnets } from './engine.js';
import { makeStandIns, readImageNames, root } from './images.js';
import { appImage, apps, buildRelease, buildUnhealthyRelease } from './releases.js';
import { eventually } from '@minitwit/local-postgres';
import {
  hasData,
  monitoringExpressions,
  readsDatabaseHosts,
} from '../test/monitoring-expressions.js';
import type { QueryResult } from '../test/prometheus-server.js';
import {
  containerOf,
  everySecondFor,
  healthyTargets,
  nginxAccessLog,
  prometheusQuery,
  replicasRunning,
  runningTasks,
  updateState,
} from './stack-state.js';

t.setTimeout(45 * 60_000);

const clock = () => performance.now() / 1000;
const setUp: { step: string; seconds: number }[] = [];
async function timed<T>(step: string, work: () => Promise<T>): Promise<T> {
  const started = clock();
  const result = await work();
  setUp.push({ step, seconds: clock() - started });
  return result;
}

const engine = await timed('private Docker engine', () => startPrivateEngine([testSubnets.swarm]));
t.teardown(() => engine.stop());
const workDir = await mkdtemp(path.join(tmpdir(), 'minitwit-swarm-test-'));
t.teardown(() => rm(workDir, { recursive: true, force: true }));
// Release 1 is the working tree; release 2 adds a migration (an expanding
// one, as the README's rule asks); release 3 never passes its health check.
const release1 = 'release-1';
const release2 = 'release-2';
const release3 = 'release-3-unhealthy';
const migration = '29990101000000_swarm_test_expand';

/** Everything before the first deployment; a failure stops the engine (tap's teardown would not run). */
async function setUpSwarm() {
  const names = await readImageNames();
  const versions = await timed('stand-in images (debootstrap, Debian packages, npm)', () =>
    makeStandIns(engine, names),
  );
  t.comment(`stand-ins: ${JSON.stringify(versions)}`);
  await timed('app images, release 1 (the working tree)', () => buildRelease(engine, release1));
  await timed('app images, release 2 (the working tree and a migration)', () =>
    buildRelease(engine, release2, {
      [`prisma/migrations/${migration}/migration.sql`]:
        '-- Expand only: a column no release reads yet, nullable, so every release keeps writing.\n' +
        'ALTER TABLE "messages" ADD COLUMN "swarm_test_note" TEXT;\n',
    }),
  );
  await timed('app images, release 3 (failing health check)', () =>
    buildUnhealthyRelease(engine, release2, release3),
  );
  const cluster = await timed(
    'swarm: registry, three database hosts (a first full backup), manager and two workers',
    () => formCluster(engine, 2, workDir),
  );
  await timed('images pushed to the registry', () =>
    pushImages(engine, [
      names.nginx,
      names.prometheus,
      names.haproxy,
      ...[release1, release2, release3].flatMap((tag) => apps.map((app) => appImage(app, tag))),
    ]),
  );
  return { cluster, deployment: await prepareDeployment(cluster) };
}

const { cluster, deployment } = await setUpSwarm().catch(async (error: unknown) => {
  await engine.stop();
  throw error;
});
t.teardown(() => deployment.remove());
t.teardown(() => cluster.database.stop());
const { manager, database } = cluster;
const workerNames = cluster.workers.map(({ name }) => name);

/**
 * Each app runs its two replicas on both workers, one on each: the service
 * survives the loss of either worker only then.
 */
async function spreadOverWorkers(t: Test) {
  for (const service of apps) {
    const nodes = (await runningTasks(manager, service)).map(({ node }) => node);
    t.same(
      [...nodes].sort(),
      [...workerNames].sort(),
      `${service}: one replica on each worker (${nodes.join(', ')})`,
    );
  }
}

const api = simulatorClient({
  baseUrl: `http://127.0.0.1:${cluster.httpPort}`,
  host: apiHost,
  username: 'simulator',
  password: 'swarm-test-simulator-password',
  timeoutMs: 10_000,
});
const nginx = { ...cluster, certificate: deployment.certificate };
const webPage = (path: string, scheme: 'http' | 'https' = 'https') =>
  viaNginx(nginx, { scheme, host: webHost, path });

interface Row {
  scenario: string;
  sent: number;
  failed: number;
  acknowledged: number;
  lost: number;
  /** Stored messages no writer sent, or stored twice. */
  neverWritten: number;
  differences: number;
  /** The longest time no write was acknowledged. */
  unavailable: number;
  /** The writers' and readers' failed requests by status (0: no answer). */
  failures: Record<number, number>;
  seconds: number;
}
const rows: Row[] = [];

/** The writers whose messages `underTraffic` checks, named by the scenario's tag. */
const writersOf = (tag: string) => [1, 2, 3, 4].map((i) => `${tag} writer ${i}`);

/**
 * Runs `action` under traffic through nginx: the simulator's rounds, writers
 * whose acknowledged messages are checked afterwards, and API and web
 * readers. Returns the counts, also kept for the report.
 */
async function underTraffic(scenario: string, tag: string, action: () => Promise<void>) {
  const writers = writersOf(tag);
  await registerWriters(api, writers);
  const stop = new AbortController();
  const started = clock();
  const since = new Date().toISOString();
  const traffic = Promise.all([
    simulateUntil(stop.signal, api, tag, 100),
    writeUntil(stop.signal, api, writers),
    keepSending(stop.signal, async () => (await api('GET', '/msgs?no=20')).status),
    keepSending(stop.signal, async () => (await webPage('/public')).status),
  ]);
  try {
    await action();
  } finally {
    stop.abort();
  }
  const [simulator, writes, apiReads, webReads] = await traffic;
  const ended = clock();
  // The final read: every writer's messages, on the primary.
  const check = await checkWrites(writes.history, storedMessages);
  const row: Row = {
    scenario,
    sent: simulator.sent + writes.sent + apiReads.sent + webReads.sent,
    failed: simulator.failed + writes.failed + apiReads.failed + webReads.failed,
    acknowledged: writes.acknowledged,
    lost: check.lost,
    neverWritten: check.neverWritten,
    differences: simulator.lost,
    unavailable:
      Math.round(longestWriteGap(writes.history.acknowledgedAt, started, ended) * 10) / 10,
    failures: [writes, apiReads, webReads].reduce<Record<number, number>>((all, tally) => {
      for (const [status, count] of Object.entries(tally.failures)) {
        all[Number(status)] = (all[Number(status)] ?? 0) + count;
      }
      return all;
    }, {}),
    seconds: Math.round(ended - started),
  };
  rows.push(row);
  // What nginx saw of failures: which replica, what status, which retries.
  const failedAtNginx = (await nginxAccessLog(manager, since)).filter(
    ({ status }) => status >= 499,
  );
  for (const entry of failedAtNginx.slice(0, 10)) t.comment(`at nginx: ${JSON.stringify(entry)}`);
  t.comment(
    `${scenario}: ${row.sent} requests, ${row.failed} failed (simulator ${simulator.failed}, ` +
      `writers ${writes.failed} ${JSON.stringify(writes.failures)}, ` +
      `api reads ${apiReads.failed} ${JSON.stringify(apiReads.failures)}, ` +
      `web reads ${webReads.failed} ${JSON.stringify(webReads.failures)}), ` +
      `${row.lost} of ${writes.acknowledged} acknowledged writes lost, ` +
      `${row.neverWritten} stored that were never written, ` +
      `${check.unknownStored} of unknown outcome stored, ${check.failedButStored} refused but stored, ` +
      `writes unavailable for ${row.unavailable} s at most, ` +
      `${row.differences} simulator differences, ${row.seconds} s`,
  );
  return row;
}

/**
 * Every message of a user, as `sql` reads them; with `newest`, only that many
 * of the newest, in the API's order (one API read returns `apiPageSize`).
 */
const messagesOf =
  (sql: (statement: string) => Promise<string>) => async (username: string, newest?: number) => {
    const literal = `'${username.replaceAll("'", "''")}'`;
    const newestOnly =
      newest === undefined ? '' : ` ORDER BY m.pub_date DESC, m.id DESC LIMIT ${newest}`;
    const rows = await sql(
      `SELECT m.text FROM messages m JOIN users u ON u.id = m.author_id WHERE u.username = ${literal}${newestOnly}`,
    );
    return rows.split('\n').filter(Boolean);
  };

/** Every message of a user, read on the primary. */
const storedMessages = messagesOf((statement) => database.sql(statement));

const nginxTaskId = async () => (await runningTasks(manager, 'nginx'))[0]?.id;

t.test('first deployment from nothing, with the project’s scripts', async (t) => {
  const started = clock();
  await deployment.script('create-secrets.sh', []);
  await deployment.script('deploy.sh', [release1]);
  await deployment.script('smoke-check.sh', [webHost]);
  const seconds = Math.round(clock() - started);
  t.comment(`create-secrets.sh, deploy.sh and smoke-check.sh: ${seconds} s`);

  t.ok(
    await eventually(
      () =>
        replicasRunning(manager, {
          api: 2,
          web: 2,
          nginx: 1,
          prometheus: 1,
          'prometheus-agent': 1,
        }),
      everySecondFor(60),
    ),
    'converged: 2 api, 2 web, nginx, Prometheus and its agent running',
  );
  await spreadOverWorkers(t);
  const proxies = (await runningTasks(manager, 'database-proxy')).map(({ node }) => node);
  t.same(proxies.sort(), [...workerNames].sort(), 'a database proxy on each worker');
  for (const service of ['nginx', 'prometheus', 'prometheus-agent']) {
    const nodes = (await runningTasks(manager, service)).map(({ node }) => node);
    t.same(nodes, ['manager'], `${service} runs on the manager`);
  }

  const latest = await api('GET', '/latest');
  t.equal(latest.status, 200, 'api.<domain> over HTTP reaches the API');
  t.match(JSON.parse(latest.body), { latest: Number });
  const overTls = await viaNginx(nginx, { scheme: 'https', host: apiHost, path: '/latest' });
  t.equal(overTls.status, 200, 'and over HTTPS');
  const plain = await webPage('/public', 'http');
  t.equal(plain.status, 301, 'the web domain over HTTP redirects…');
  t.equal(plain.headers.location, `https://${webHost}/public`, '…to HTTPS');
  const page = await webPage('/public');
  t.equal(page.status, 200, 'the web domain over HTTPS serves the public timeline');
  t.match(page.body, /<html/);
  t.equal(
    page.headers['strict-transport-security'],
    'max-age=63072000; includeSubDomains',
    'with HSTS',
  );
  const unauthorized = await viaNginx(nginx, { scheme: 'http', host: apiHost, path: '/msgs' });
  t.equal(
    unauthorized.status,
    403,
    'the API refuses a request without the simulator’s credentials',
  );

  // The traffic's simulator replays rounds of 100 actions and checks each
  // (only one simulator at a time: `latest` is the API's one global value).
  const row = await underTraffic('first deployment, then a simulator run', 'first', () =>
    sleep(60_000),
  );
  t.equal(row.differences, 0, 'the API holds exactly what the simulator wrote');
  rows[rows.length - 1] = { ...row, seconds: seconds + row.seconds };
  t.equal(row.failed, 0, 'no request failed');
  t.equal(row.lost, 0, 'no acknowledged write was lost');
});

/** What Docker says of a container's confinement. */
interface Confinement {
  ReadonlyRootfs: boolean;
  CapDrop: string[] | null;
  CapAdd: string[] | null;
}

t.test('the services run as confined as the stack says', async (t) => {
  // Where each service may write: its tmpfs mounts; the rest of its root is read-only.
  const writable = { web: '/tmp', api: '/tmp', nginx: '/var/cache/nginx' } as const;
  for (const node of [manager, ...cluster.workers]) {
    for (const service of [
      'web',
      'api',
      'nginx',
      'prometheus',
      'prometheus-agent',
      'database-proxy',
    ] as const) {
      const containers = await node.docker([
        'ps',
        '--quiet',
        '--filter',
        `label=com.docker.swarm.service.name=minitwit_${service}`,
      ]);
      for (const id of containers.split('\n').filter(Boolean)) {
        const what = `${service} on ${node.name}`;
        const confinement = JSON.parse(
          await node.docker(['inspect', '--format', '{{json .HostConfig}}', id]),
        ) as Confinement;
        t.same(confinement.CapDrop, ['ALL'], `${what}: every capability dropped`);
        // Docker names them as the kernel does: CAP_CHOWN for the stack's CHOWN.
        t.same(
          (confinement.CapAdd ?? []).map((capability) => capability.replace(/^CAP_/, '')),
          service === 'nginx' ? ['CHOWN', 'NET_BIND_SERVICE', 'SETGID', 'SETUID'] : [],
          `${what}: and no other added back`,
        );
        if (service === 'web' || service === 'api' || service === 'nginx') {
          t.ok(confinement.ReadonlyRootfs, `${what}: a read-only root filesystem`);
          const probe = await node.docker([
            'exec',
            id,
            'sh',
            '-c',
            `touch /etc/probe 2>&1; touch ${writable[service]}/probe && echo writable`,
          ]);
          t.match(probe, 'Read-only file system', `${what}: /etc cannot be written`);
          t.match(probe, 'writable', `${what}: ${writable[service]} can`);
        }
      }
    }
  }
});

t.test('a replica reaches neither Prometheus nor its agent, only what it shares', async (t) => {
  const [worker] = cluster.workers;
  if (!worker) throw new Error('the swarm has no worker');
  const web = await containerOf(worker, 'web');
  // What a taken-over replica would try: an HTTP request from inside it.
  const fromReplica = (url: string) =>
    worker.docker([
      'exec',
      web,
      'node',
      '-e',
      `fetch(process.argv[1], { signal: AbortSignal.timeout(5000) }).then(
        (answer) => console.log('answered', answer.status),
        (error) => console.log('unreachable', error.cause?.code ?? error.name),
      )`,
      url,
    ]);
  t.match(
    await fromReplica('http://tasks.database-proxy:8404/metrics'),
    'answered 200',
    'the replica reaches what shares its monitoring network (a proxy’s exporter)',
  );
  t.match(
    await fromReplica('http://prometheus:9090/api/v1/query?query=up'),
    /^unreachable (ENOTFOUND|EAI_AGAIN)/,
    'Prometheus: not even its name resolves',
  );
  t.match(
    await fromReplica('http://tasks.prometheus-agent:9090/api/v1/targets'),
    /^unreachable (ECONNREFUSED|TimeoutError)/,
    'the agent, on the same network: nothing listens there',
  );
});

interface FilebeatService {
  user?: string;
  cap_drop?: string[];
  volumes?: string[];
}

t.test('Filebeat’s mounts show the stack’s log lines and no secret', async (t) => {
  const stack = parse(await readFile(path.join(root, 'docker-stack.yml'), 'utf8'), {
    merge: true,
  }) as { services: Record<string, FilebeatService | undefined> };
  const filebeat = stack.services.filebeat ?? {};
  const hostFolders = (filebeat.volumes ?? []).filter((volume) => volume.startsWith('/'));
  const [worker] = cluster.workers;
  if (!worker) throw new Error('the swarm has no worker');
  // Filebeat's image cannot be had here: a shell in the web image that runs
  // as Filebeat does (its user, its capabilities, its host folders), on a
  // worker that runs a web and an api task.
  const asFilebeat = (volumes: string[], script: string) =>
    worker.docker([
      'run',
      '--rm',
      `--user=${filebeat.user ?? ''}`,
      ...(filebeat.cap_drop ?? []).map((capability) => `--cap-drop=${capability}`),
      ...volumes.map((volume) => `--volume=${volume}`),
      '--entrypoint=sh',
      appImage('web', release1),
      '-c',
      script,
    ]);
  const secretFiles = 'find /var/lib/docker/containers -path "*/mounts/secrets/*" -type f';
  t.equal(await asFilebeat(hostFolders, secretFiles), '', 'no secret of the node’s tasks');
  const throughDockersFolder = await asFilebeat(
    ['/var/lib/docker/containers:/var/lib/docker/containers:ro'],
    secretFiles,
  );
  t.ok(
    throughDockersFolder.trim().split('\n').length >= 4,
    'whereas Docker’s folder itself, as Filebeat mounted it before, shows the api and web tasks’ secrets',
  );

  // The first line of each container's log that has attributes.
  const firstLines = await asFilebeat(
    hostFolders,
    'grep -h -m 1 -F \'"attrs"\' /var/lib/docker/containers/*/*-json.log || true',
  );
  const web = firstLines
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { log: string; attrs: Record<string, string> })
    .find(({ attrs }) => attrs['com.docker.swarm.service.name'] === 'minitwit_web');
  t.match(
    web?.attrs,
    {
      'com.docker.stack.namespace': 'minitwit',
      'com.docker.swarm.task.name': /^minitwit_web\.\d+\./,
    },
    'a web task’s lines name their stack, service and task, all Filebeat needs to sort them',
  );
  t.match(JSON.parse(web?.log ?? '{}'), { msg: String }, 'and carry the app’s pino JSON');
});

/** Whether Prometheus comes to scrape `count` healthy web and `count` api targets within 90 s. */
const targetsUp = (count: number) =>
  eventually(async () => {
    const targets = await healthyTargets(manager);
    return targets.web === count && targets.api === count;
  }, everySecondFor(90));

t.test('Prometheus scrapes every replica, and follows a scale-out', async (t) => {
  t.ok(
    await targetsUp(2),
    `2 web and 2 api targets up (${JSON.stringify(await healthyTargets(manager))})`,
  );
});

t.test('Prometheus scrapes the database hosts and proxies; their signals have data', async (t) => {
  const expected = { 'database-proxy': 2, patroni: 3, postgres: 3, 'database-host': 3 };
  const allUp = await eventually(async () => {
    const targets = await healthyTargets(manager);
    return Object.entries(expected).every(([job, count]) => targets[job] === count);
  }, everySecondFor(90));
  t.ok(allUp, `every database target up (${JSON.stringify(await healthyTargets(manager))})`);
  const expressions = (await monitoringExpressions()).filter(({ expr }) =>
    readsDatabaseHosts(expr),
  );
  t.ok(expressions.length >= 10, `${expressions.length} expressions on the database`);
  const answered = new Map<string, QueryResult>();
  await eventually(async () => {
    for (const { expr } of expressions) {
      const known = answered.get(expr);
      if (!known || !hasData(known)) answered.set(expr, await prometheusQuery(manager, expr));
    }
    return expressions.every(({ expr, mustReturnData }) => {
      const result = answered.get(expr);
      return !mustReturnData || (result !== undefined && hasData(result));
    });
  }, everySecondFor(90));
  for (const { source, expr, mustReturnData } of expressions) {
    const result = answered.get(expr);
    t.equal(result?.status, 'success', `${source}: evaluates (${result?.error ?? 'no error'})`);
    if (mustReturnData) t.ok(result && hasData(result), `${source}: returns data`);
  }
  const primaries = await prometheusQuery(manager, 'minitwit:database_primaries:sum');
  t.match(primaries.data?.result, [{ value: [Number, '1'] }], 'Prometheus sees one primary');
});

t.test('scale 2 → 4 → 2 under traffic: nothing fails, nginx and Prometheus follow', async (t) => {
  const refused = await deployment.script('scale.sh', ['12', '12']).then(
    () => 'accepted',
    (error: unknown) => String(error),
  );
  t.match(
    refused,
    /need up to 260 database connections, more than the 190/,
    'counts over the database’s connections are refused',
  );

  const upstreamsAt4: Record<string, number> = {};
  let targetsAt4: Record<string, number> = {};
  let connectionsAt4 = 0;
  const row = await underTraffic('scale 2 → 4 → 2', 'scale', async () => {
    await deployment.script('scale.sh', ['4', '4']);
    const since = new Date().toISOString();
    t.ok(await targetsUp(4), 'Prometheus scrapes the 4 web and 4 api replicas');
    targetsAt4 = await healthyTargets(manager);
    connectionsAt4 = Number(await database.sql('SELECT count(*) FROM pg_stat_activity'));
    // Every replica has had traffic from nginx (the traffic runs all along).
    await eventually(async () => {
      const log = await nginxAccessLog(manager, since);
      for (const host of [apiHost, webHost]) {
        upstreamsAt4[host] = new Set(
          log
            .filter((entry) => entry.host === host && entry.status < 500)
            .map((entry) => entry.upstream_addr),
        ).size;
      }
      return upstreamsAt4[apiHost] === 4 && upstreamsAt4[webHost] === 4;
    }, everySecondFor(60));
    await deployment.script('scale.sh', ['2', '2']);
    t.ok(await targetsUp(2), 'and back to 2 and 2 after scaling in');
  });
  t.same({ web: targetsAt4.web, api: targetsAt4.api }, { web: 4, api: 4 });
  t.same(
    upstreamsAt4,
    { [apiHost]: 4, [webHost]: 4 },
    'nginx sends requests to all 4 replicas of each',
  );
  t.ok(
    connectionsAt4 < cluster.maxConnections,
    `PostgreSQL has room: ${connectionsAt4} connections of ${cluster.maxConnections}`,
  );
  t.equal(row.failed, 0, 'no request failed');
  t.equal(row.lost, 0, 'no acknowledged write was lost');
  t.equal(row.differences, 0, 'the API holds what the simulator wrote');
});

t.test('a rolling deployment of a release with a migration', async (t) => {
  const nginxBefore = await nginxTaskId();
  const row = await underTraffic('rolling deployment with a migration', 'rolling', async () => {
    await deployment.script('deploy.sh', [release2]);
  });
  // deploy.sh returns once the new tasks have run stably for 5 s; Swarm calls
  // the update completed only after its 30 s monitor (docker-stack.yml).
  await eventually(async () => {
    const states = await Promise.all(apps.map((service) => updateState(manager, service)));
    return states.every((state) => state !== 'updating');
  }, everySecondFor(120));
  for (const service of apps) {
    t.equal(await updateState(manager, service), 'completed', `${service}: updated, no rollback`);
    const images = (await runningTasks(manager, service)).map(({ image }) => image);
    t.same(
      images,
      [appImage(service, release2), appImage(service, release2)],
      `${service}: 2 replicas of release 2`,
    );
  }
  const migratedAt = (
    await database.sql(
      `SELECT to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') FROM _prisma_migrations WHERE migration_name = '${migration}'`,
    )
  ).trim();
  t.ok(migratedAt, `the API applied ${migration} (${migratedAt})`);
  const listening = await webListeningTimes(release2);
  t.equal(listening.length, 2, 'both new web replicas serve');
  for (const time of listening) {
    t.ok(time >= migratedAt, `a new web replica began serving at ${time}, after the migration`);
  }
  await spreadOverWorkers(t);
  t.equal(await nginxTaskId(), nginxBefore, 'nginx kept running: its files did not change');
  t.equal(row.failed, 0, 'no request failed');
  t.equal(row.lost, 0, 'no acknowledged write was lost');
  t.equal(row.differences, 0, 'the API holds what the simulator wrote');
});

/** When each web container of `tag` logged that it listens (pino's time, as ISO strings). */
async function webListeningTimes(tag: string): Promise<string[]> {
  const times: string[] = [];
  for (const worker of cluster.workers) {
    const containers = (
      await worker.docker([
        'ps',
        '--filter=label=com.docker.swarm.service.name=minitwit_web',
        '--format={{.ID}}\t{{.Image}}',
      ])
    )
      .trim()
      .split('\n')
      .filter((line) => line.includes(`:${tag}`))
      .map((line) => line.split('\t')[0] ?? '');
    for (const container of containers) {
      const log = await worker.docker(['logs', container]);
      for (const line of log.split('\n').filter((entry) => entry.startsWith('{'))) {
        const entry = JSON.parse(line) as { msg?: string; time?: number };
        if (entry.msg?.startsWith('Server listening') && entry.time) {
          times.push(new Date(entry.time).toISOString());
          break;
        }
      }
    }
  }
  return times;
}

t.test('a release that fails its health check is rolled back by Swarm', async (t) => {
  const row = await underTraffic('release failing its health check', 'unhealthy', async () => {
    const outcome = await deployment.script('deploy.sh', [release3]).then(
      () => 'deploy.sh succeeded',
      (error: unknown) => `deploy.sh failed: ${String(error).split('\n')[0] ?? ''}`,
    );
    t.comment(outcome);
    await eventually(async () => {
      const states = await Promise.all(apps.map((service) => updateState(manager, service)));
      return states.every((state) => state === 'rollback_completed');
    }, everySecondFor(240));
  });
  for (const service of apps) {
    t.equal(await updateState(manager, service), 'rollback_completed', `${service}: rolled back`);
    const images = (await runningTasks(manager, service)).map(({ image }) => image);
    t.same(
      images,
      [appImage(service, release2), appImage(service, release2)],
      `${service}: release 2 serves`,
    );
  }
  await spreadOverWorkers(t);
  t.equal(row.failed, 0, 'no request failed: the service never stopped');
  t.equal(row.lost, 0, 'no acknowledged write was lost');
});

t.test('the database hosts run as provisioned: synchronous, checksummed, archived', async (t) => {
  const { primary } = await roles();
  const config = parse(
    await database.exec(
      primary,
      ['patronictl', '-c', '/etc/patroni/config.yml', 'show-config'],
      'postgres',
    ),
  ) as unknown;
  t.match(
    config,
    { synchronous_mode: true, synchronous_mode_strict: true, postgresql: { use_pg_rewind: true } },
    'no commit is acknowledged that one host alone holds; a failed primary is rewound',
  );
  const settings = await database.sql(
    "SELECT concat_ws(' ', current_setting('data_checksums'), current_setting('archive_mode'), current_setting('archive_timeout'))",
  );
  t.equal(settings.trim(), 'on on 1min', 'data checksums; WAL archived at least once a minute');
  const archived = await database.sql(
    'SELECT archived_count > 0 AND (last_failed_time IS NULL OR last_archived_time > last_failed_time) FROM pg_stat_archiver',
  );
  t.equal(archived.trim(), 't', 'the primary archives its WAL to the backup storage');
  // However a client lowers synchronous_commit, its write is refused.
  for (const [how, command] of [
    [
      'SET',
      [
        'psql',
        `--dbname=${database.runtimeUrlOn(primary)}`,
        '--command=SET synchronous_commit = local',
        '--command=UPDATE simulator_latest SET latest = latest',
      ],
    ],
    [
      'its connection options',
      [
        'env',
        'PGOPTIONS=-c synchronous_commit=off',
        'psql',
        `--dbname=${database.runtimeUrlOn(primary)}`,
        '--command=UPDATE simulator_latest SET latest = latest',
      ],
    ],
  ] as const) {
    const outcome = await database
      .exec(primary, ['sh', '-c', '"$@" 2>&1', 'sh', ...command, '--set=ON_ERROR_STOP=1'])
      .catch((error: unknown) => String(error));
    t.match(outcome, /synchronous_commit may not be lowered/, `lowered with ${how}: refused`);
  }
});

/** Waits for Patroni to lead from another host than `before`; the seconds it took, or -1. */
async function promotedAway(before: DatabaseHost, started: number) {
  const moved = await eventually(async () => {
    const now = await database.primary();
    return now !== undefined && now.name !== before.name;
  }, everySecondFor(120));
  return moved ? Math.round(clock() - started) : -1;
}

/** The current primary and synchronous standby, from Patroni. */
async function roles() {
  const members = await database.healthy();
  const host = (role: string) => {
    const name = members.find((member) => member.Role === role)?.Member;
    const found = database.hosts.find((candidate) => candidate.name === name);
    if (!found) throw new Error(`no ${role} in ${JSON.stringify(members)}`);
    return found;
  };
  return { primary: host('Leader'), standby: host('Sync Standby') };
}

/**
 * After a fault: `host` runs again as a replica, without a hand on it, and
 * the three hosts hold the same messages.
 */
async function rejoined(t: Test, host: DatabaseHost) {
  const members = await database.healthy(180);
  const role = members.find((member) => member.Member === host.name)?.Role;
  t.ok(
    role === 'Replica' || role === 'Sync Standby',
    `${host.name} rejoined as a replica (${role})`,
  );
  // Each host's own copy, once the last writes have replayed everywhere.
  const digest = "SELECT count(*), md5(string_agg(text, ',' ORDER BY id)) FROM messages";
  let copies: string[] = [];
  await eventually(async () => {
    copies = await Promise.all(database.hosts.map((each) => database.sql(digest, each)));
    return new Set(copies).size === 1;
  }, everySecondFor(30));
  t.equal(new Set(copies).size, 1, `the three hosts hold the same messages (${copies[0]?.trim()})`);
}

/**
 * The Jepsen-style verdict of a database scenario (nothing acknowledged
 * lost, nothing invented, every failure a 503), and the caches' agreement.
 */
async function writesKept(t: Test, row: Row, tag: string) {
  t.equal(row.lost, 0, `no acknowledged write was lost (of ${row.acknowledged})`);
  t.equal(row.neverWritten, 0, 'nothing is stored that was never written, nor twice');
  const otherThan503 = Object.keys(row.failures).filter((status) => status !== '503');
  t.same(
    otherThan503,
    [],
    `every failed request was a 503 with Retry-After's meaning: no 500, none unanswered (${JSON.stringify(row.failures)})`,
  );
  await cachesAgree(t, tag);
}

/**
 * Each API replica's timeline cache holds what the new primary holds: the
 * cache listened again there and dropped what it had (notifications are not
 * replicated), so no page from before the failover is served.
 */
async function cachesAgree(t: Test, tag: string) {
  const throughApi = messagesThroughApi(api);
  for (const writer of writersOf(tag)) {
    // What one API read returns: a writer may have more (about 1,100 in a
    // fault scenario), and a stale page misses the newest.
    const stored = (await storedMessages(writer, apiPageSize)).sort();
    // Several reads, so that nginx sends some to each replica.
    const served = await Promise.all(
      [1, 2, 3, 4].map(async () => (await throughApi(writer)).sort()),
    );
    t.ok(
      served.every((messages) => JSON.stringify(messages) === JSON.stringify(stored)),
      `${writer}: the API serves its ${stored.length} newest stored messages, none missing`,
    );
  }
}

/**
 * A database fault under traffic: 10 s of traffic, then `fault` on the
 * primary, then traffic until another host leads and `afterwards` is done.
 */
async function failover(
  scenario: string,
  tag: string,
  fault: (primary: DatabaseHost) => Promise<void>,
  afterwards: (primary: DatabaseHost) => Promise<void>,
) {
  const before = await roles();
  let promotedAfter = -1;
  const row = await underTraffic(scenario, tag, async () => {
    await sleep(10_000);
    const started = clock();
    await fault(before.primary);
    promotedAfter = await promotedAway(before.primary, started);
    await afterwards(before.primary);
  });
  return { before, row, promotedAfter };
}

t.test('the primary’s host dies: Patroni promotes the synchronous standby', async (t) => {
  const { before, row, promotedAfter } = await failover(
    'the primary’s host dies',
    'db-killed',
    (primary) => engine.docker(['kill', primary.container]).then(() => undefined),
    () => sleep(15_000),
  );
  t.ok(promotedAfter >= 0, `a new primary after ${promotedAfter} s`);
  t.equal((await database.primary())?.name, before.standby.name, 'the former synchronous standby');
  await writesKept(t, row, 'db-killed');
  t.ok(row.unavailable < row.seconds, `writes came back (unavailable for ${row.unavailable} s)`);

  t.comment('the old primary’s host comes back');
  await engine.docker(['start', before.primary.container]);
  await rejoined(t, before.primary);
});

t.test('the primary freezes, the cluster moves on, and it resumes', async (t) => {
  const { before, row, promotedAfter } = await failover(
    'the primary freezes, then resumes',
    'db-frozen',
    (primary) => engine.docker(['pause', primary.container]).then(() => undefined),
    async (primary) => {
      await sleep(5_000);
      await engine.docker(['unpause', primary.container]);
      // What lost writes in the try-out happened after the resume: keep writing.
      await sleep(30_000);
    },
  );
  t.ok(promotedAfter >= 0, `a new primary after ${promotedAfter} s`);
  t.not(
    (await database.primary())?.name,
    before.primary.name,
    'the resumed host did not take the lead back',
  );
  await writesKept(t, row, 'db-frozen');
  await rejoined(t, before.primary);
});

t.test('the primary is cut off from the other two: no split brain', async (t) => {
  let isolatedWrite = '';
  const { before, row, promotedAfter } = await failover(
    'the primary is cut off from the other two',
    'db-isolated',
    (primary) => database.isolate(primary),
    async (primary) => {
      // The cluster has moved on: the old primary, still reachable by the
      // proxies, must not take a write (as minitwit_runtime, as the services).
      isolatedWrite = await database
        .exec(primary, [
          'psql',
          `--dbname=${database.runtimeUrlOn(primary)}`,
          '--set=ON_ERROR_STOP=1',
          '--command=SET statement_timeout = 3000',
          '--command=UPDATE simulator_latest SET latest = latest',
        ])
        .then(
          () => 'acknowledged',
          // What psql said (run() puts its standard error after the command line).
          (error: unknown) => String(error).split('\n').slice(1).join(' ').trim() || 'no answer',
        );
      await sleep(10_000);
      await database.reconnect(primary);
      await sleep(10_000);
    },
  );
  t.ok(promotedAfter >= 0, `another host promoted after ${promotedAfter} s`);
  t.not(
    isolatedWrite,
    'acknowledged',
    `the isolated old primary refused a write (${isolatedWrite})`,
  );
  await writesKept(t, row, 'db-isolated');
  await rejoined(t, before.primary);
});

t.test('a planned switchover during traffic', async (t) => {
  const before = await roles();
  const row = await underTraffic('planned switchover (patronictl)', 'db-switchover', async () => {
    await sleep(10_000);
    await database.exec(
      before.primary,
      [
        'patronictl',
        '-c',
        '/etc/patroni/config.yml',
        'switchover',
        '--leader',
        before.primary.name,
        '--candidate',
        before.standby.name,
        '--force',
      ],
      'postgres',
    );
    await eventually(
      async () => (await database.primary())?.name === before.standby.name,
      everySecondFor(60),
    );
    await sleep(10_000);
  });
  t.equal((await database.primary())?.name, before.standby.name, 'the standby leads');
  await writesKept(t, row, 'db-switchover');
  await rejoined(t, before.primary);
});

/** Writes messages through the API for `seconds`, as `writers`. */
async function writeFor(seconds: number, writers: string[]) {
  const stop = new AbortController();
  const timer = setTimeout(() => {
    stop.abort();
  }, seconds * 1000);
  try {
    return await writeUntil(stop.signal, api, writers);
  } finally {
    clearTimeout(timer);
  }
}

/** Every public table's rows, in order, as `sql` reads them (psql's text). */
async function tableContents(sql: (statement: string) => Promise<string>) {
  const tables = (
    await sql("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
  )
    .split('\n')
    .filter(Boolean);
  const contents = new Map<string, string>();
  for (const table of tables) {
    contents.set(table, await sql(`COPY (SELECT * FROM "${table}" AS r ORDER BY r) TO STDOUT`));
  }
  return contents;
}

/** Forces the primary onto a new WAL segment and waits until the last one is archived. */
async function archiveEverything() {
  const primary = (await roles()).primary;
  const asSuperuser = (statement: string) =>
    database.exec(
      primary,
      ['psql', '--no-align', '--tuples-only', `--command=${statement}`],
      'postgres',
    );
  const segment = (await asSuperuser('SELECT pg_walfile_name(pg_switch_wal())')).trim();
  return eventually(
    async () =>
      (
        await asSuperuser(`SELECT last_archived_wal >= '${segment}' FROM pg_stat_archiver`)
      ).trim() === 't',
    everySecondFor(120),
  );
}

/** Restores the backups to `target` (a time, or latest) on a new host: the seconds it took. */
async function restoreOnNewHost(name: string, target: string) {
  const host = await database.newHost(name);
  const started = clock();
  const output = await database.exec(
    host,
    [
      '/opt/minitwit/infra/database/restore-to-time.sh',
      '--yes',
      target,
      '/var/lib/postgresql/15/restored',
    ],
    'postgres',
  );
  const seconds = Math.round(clock() - started);
  t.comment(
    output
      .split('\n')
      .filter((line) => line.startsWith('==') || line.includes('users,'))
      .join(' | '),
  );
  const sql = (statement: string) =>
    database.exec(
      host,
      [
        'psql',
        '--port=5433',
        '--dbname=minitwit',
        '--no-align',
        '--tuples-only',
        `--command=${statement}`,
      ],
      'postgres',
    );
  return { seconds, sql };
}

const recovery: string[] = [];

t.test(
  'point in time: a new cluster restored to a noted time holds what was there then',
  async (t) => {
    const writers = ['pitr writer 1', 'pitr writer 2'];
    await registerWriters(api, writers);
    const before = await writeFor(10, writers);
    // Nothing is being written now: the tables as they are at the noted time.
    const expected = await tableContents((statement) => database.sql(statement));
    await sleep(1_000);
    const noted = (
      await database.sql(
        `SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US"+00"')`,
      )
    ).trim();
    await sleep(1_000);
    const after = await writeFor(10, writers);
    t.ok(before.acknowledged > 0 && after.acknowledged > 0, `written before and after ${noted}`);
    t.ok(await archiveEverything(), 'the WAL of both reached the backup storage');

    const restore = await restoreOnNewHost('database-restore-time', noted);
    const restored = await tableContents(restore.sql);
    t.same([...restored.keys()], [...expected.keys()], 'the same tables');
    for (const [table, rows] of expected) {
      t.ok(restored.get(table) === rows, `${table}: restored row for row as it was at ${noted}`);
    }
    recovery.push(
      `point-in-time restore to a noted time: ${restore.seconds} s, every table row for row`,
    );
  },
);

t.test('a worker node stops: Swarm moves its tasks', async (t) => {
  const [stopped, remaining] = cluster.workers;
  if (!stopped || !remaining) throw new Error('two workers expected');
  await spreadOverWorkers(t);
  let backAfter = -1;
  const row = await underTraffic('a worker node stops', 'node-down', async () => {
    const started = clock();
    await engine.docker(['stop', stopped.container]);
    const back = await eventually(async () => {
      for (const service of apps) {
        const tasks = await runningTasks(manager, service);
        if (tasks.length !== 2 || tasks.some(({ node }) => node !== remaining.name)) return false;
      }
      return true;
    }, everySecondFor(240));
    if (back) backAfter = Math.round(clock() - started);
  });
  t.ok(
    backAfter >= 0,
    `every replica runs again on ${remaining.name}, ${backAfter} s after the stop`,
  );
  t.comment(`${row.failed} of ${row.sent} requests failed while the node went away`);
  t.equal(row.lost, 0, 'no acknowledged write was lost');
  rows[rows.length - 1] = {
    ...row,
    scenario: `${row.scenario} (replicas back after ${backAfter} s)`,
  };
});

t.test(
  'all three database hosts are lost: the backup storage alone restores to within about a minute',
  async (t) => {
    const writers = ['last writer 1', 'last writer 2'];
    await registerWriters(api, writers);
    const stop = new AbortController();
    const writing = writeUntil(stop.signal, api, writers);
    // Longer than archive_timeout: at least one segment is switched by time alone.
    await sleep(100_000);
    const lostAt = clock();
    await engine.docker(['kill', ...database.hosts.map(({ container }) => container)]);
    await sleep(2_000);
    stop.abort();
    const writes = await writing;
    const acknowledged = [...writes.history.acknowledgedAt.values()].filter((at) => at <= lostAt);
    const lastAcknowledged = Math.max(...acknowledged);

    const restore = await restoreOnNewHost('database-restore-latest', 'latest');
    // Each writer's restored messages, read once for both checks below.
    const restoredMessages = messagesOf(restore.sql);
    const restored = new Map(
      await Promise.all(
        writers.map(async (writer) => [writer, await restoredMessages(writer)] as const),
      ),
    );
    const check = await checkWrites(writes.history, async (writer) => restored.get(writer) ?? []);
    const restoredTexts = new Set([...restored.values()].flat());
    const restoredUpTo = Math.max(
      ...[...writes.history.acknowledgedAt]
        .filter(([content]) => restoredTexts.has(content))
        .map(([, at]) => at),
    );
    const notRestoredBefore = [...writes.history.acknowledgedAt].filter(
      ([content, at]) => at <= restoredUpTo && !restoredTexts.has(content),
    ).length;
    const recoveryPoint = Math.round((lastAcknowledged - restoredUpTo) * 10) / 10;
    t.comment(
      `${writes.acknowledged} writes acknowledged, ${restoredTexts.size} restored; ` +
        `recovery point ${recoveryPoint} s; restore ${restore.seconds} s`,
    );
    t.equal(notRestoredBefore, 0, 'every write acknowledged up to the recovery point is restored');
    t.equal(check.neverWritten, 0, 'nothing restored that was never written');
    t.ok(restoredTexts.size > 0, 'the restore holds writes of the last minutes');
    recovery.push(
      `all hosts lost, restored from the backup storage alone: recovery point ${recoveryPoint} s ` +
        `(last acknowledged write to the newest one restored), recovery time ${restore.seconds} s (restore-to-time.sh latest)`,
    );
  },
);

t.test('report', async (t) => {
  const lines = [
    '| set-up step | seconds |',
    '|---|---:|',
    ...setUp.map(({ step, seconds }) => `| ${step} | ${Math.round(seconds)} |`),
    '',
    '| scenario | requests sent | failed | acknowledged writes | lost | never written | simulator differences | writes unavailable (s) | seconds |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (row) =>
        `| ${row.scenario} | ${row.sent} | ${row.failed} | ${row.acknowledged} | ${row.lost} | ${row.neverWritten} | ${row.differences} | ${row.unavailable} | ${row.seconds} |`,
    ),
    '',
    ...recovery,
    '',
    'substitutions:',
    ...[...stackSubstitutions, ...scriptSubstitutions, ...databaseSubstitutions].map(
      ({ change, reason }) => `- ${change}: ${reason}`,
    ),
  ];
  for (const line of lines) t.comment(line);
  t.ok(rows.length >= 9, 'every scenario reported');
});
