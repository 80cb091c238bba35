// The scale-out proof, without Docker: a real PostgreSQL, two api and two web
// replicas on loopback, and real nginx running infra/nginx (see
// nginx-server.ts for what is substituted). What Swarm adds in production
// (scheduling, DNS) is not under test; the proxy, the balancing and the
// services' graceful shutdown are.
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestDatabase, type ReadyService, startReadyService } from '@minitwit/local-postgres';
import { defaultCredentials, simulatorClient } from '@minitwit/simulator';
import t from 'tap';
import { apiHost, type NginxServer, startNginx, webHost } from './nginx-server.js';
import { viaNginx } from './proxy-client.js';
import {
  keepSending,
  checkWrites,
  messagesThroughApi,
  registerWriters,
  simulateUntil,
  writeUntil,
} from './traffic.js';

t.setTimeout(600_000);

type ServiceName = 'api' | 'web';

interface AccessLogEntry {
  request_id: string;
  host: string;
  uri: string;
  status: number;
  upstream_addr: string;
}

const accessLog = (nginx: NginxServer, from = 0): AccessLogEntry[] =>
  nginx
    .accessLog()
    .slice(from)
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as AccessLogEntry);

/**
 * Whether nginx logs a line that `matches` (from offset `from`) within 30 s:
 * it writes the line after the answer has gone out, so a client can be first.
 */
async function untilLogged(
  nginx: NginxServer,
  matches: (entry: AccessLogEntry) => boolean,
  from = 0,
) {
  for (let attempt = 0; attempt < 300; attempt++) {
    if (accessLog(nginx, from).some(matches)) return true;
    await sleep(100);
  }
  return false;
}

const database = await createTestDatabase();
t.teardown(() => database.drop());
const environment: Record<ServiceName, NodeJS.ProcessEnv> = {
  api: { ...database.environment, LOG_LEVEL: 'warn' },
  web: { DATABASE_URL: database.url, LOG_LEVEL: 'warn', TRUST_PROXY: '127.0.0.1' },
};
// The API migrates as it starts: the first replica is ready before the others start.
const replicas: Record<ServiceName, ReadyService[]> = { api: [], web: [] };
for (const name of ['api', 'api', 'web', 'web'] as const) {
  replicas[name].push(await startReadyService(name, environment[name]));
}
t.teardown(() => {
  for (const replica of [...replicas.api, ...replicas.web]) replica.child.kill('SIGKILL');
});
const nginx = await startNginx(t, {
  api: replicas.api.map(({ address }) => address),
  web: replicas.web.map(({ address }) => address),
});

const simulatorOptions = {
  baseUrl: `http://127.0.0.1:${nginx.httpPort}`,
  host: apiHost,
  ...defaultCredentials,
  timeoutMs: 5_000,
};
const api = simulatorClient(simulatorOptions);
const publicTimeline = () => viaNginx(nginx, { scheme: 'https', host: webHost, path: '/public' });

t.test('nginx routes by host name and passes a request id', async (t) => {
  const latest = await api('GET', '/latest');
  t.equal(latest.status, 200, 'api.<domain> over HTTP reaches the API');
  t.match(JSON.parse(latest.body), { latest: Number }, 'with the API’s answer');

  const overTls = await viaNginx(nginx, { scheme: 'https', host: apiHost, path: '/latest' });
  t.equal(overTls.status, 200, 'api.<domain> over HTTPS reaches the API');

  const plain = await viaNginx(nginx, { scheme: 'http', host: webHost, path: '/public' });
  t.equal(plain.status, 301, 'the web domain over HTTP redirects…');
  t.equal(plain.headers.location, `https://${webHost}/public`, '…to HTTPS');

  const page = await publicTimeline();
  t.equal(page.status, 200, 'the web domain over HTTPS reaches the web app');
  t.match(page.headers['content-type'], /^text\/html/, 'which answers with a page');
  t.equal(
    page.headers['strict-transport-security'],
    'max-age=63072000; includeSubDomains',
    'HSTS over HTTPS',
  );
  // Sent once each (a header sent twice would read "nosniff, nosniff").
  t.equal(page.headers['x-content-type-options'], 'nosniff', "the app's security headers, once");
  t.equal(page.headers['x-frame-options'], 'DENY');
  t.match(page.headers['content-security-policy'], /^default-src 'self';/);

  const ids = [overTls, page].map(({ headers }) => String(headers['x-request-id']));
  for (const id of ids) {
    t.match(id, /^[0-9a-f]{32}$/, 'the service answers with nginx’s request id');
    const logged = await untilLogged(nginx, ({ request_id }) => request_id === id);
    t.ok(logged, `and nginx logged it (${id})`);
  }

  const health = await viaNginx(nginx, {
    scheme: 'http',
    host: '127.0.0.1',
    path: '/nginx/health',
  });
  t.same([health.status, health.body], [200, 'ok\n'], 'nginx has a health endpoint of its own');
});

t.test(
  'metrics are refused at nginx on both hosts; the API’s documentation is public',
  async (t) => {
    const hosts = [
      { scheme: 'http', host: apiHost },
      { scheme: 'https', host: apiHost },
      { scheme: 'https', host: webHost },
    ] as const;
    const spellings = [
      '/metrics',
      '/metrics?x=1',
      '/metrics/',
      '//metrics',
      '/%6Detrics',
      '/metrics/x',
    ];
    for (const { scheme, host } of hosts) {
      for (const path of spellings) {
        const response = await viaNginx(nginx, { scheme, host, path });
        t.equal(response.status, 404, `${scheme}://${host}${path} is not found`);
        t.notMatch(response.body, 'process_cpu', 'and shows no metric');
      }
    }
    const docs = await viaNginx(nginx, { scheme: 'https', host: apiHost, path: '/docs/json' });
    t.equal(docs.status, 200, 'the API’s OpenAPI document is served');
    t.match(JSON.parse(docs.body), { openapi: String });
  },
);

t.test('requests spread over both replicas of each service', async (t) => {
  const from = nginx.accessLog().length;
  const statuses = new Set<number>();
  for (let i = 0; i < 20; i++) {
    statuses.add((await api('GET', '/msgs?no=5')).status);
    statuses.add((await publicTimeline()).status);
  }
  t.same([...statuses], [200], 'every request is answered');
  for (const name of ['api', 'web'] as const) {
    const host = name === 'api' ? apiHost : webHost;
    const served = accessLog(nginx, from).filter((entry) => entry.host === host);
    for (const { address } of replicas[name]) {
      const count = served.filter(({ upstream_addr }) => upstream_addr === address).length;
      t.ok(count >= 5, `${name} replica ${address} served ${count} of ${served.length}`);
    }
  }
});

t.test('sign-in and sign-up are rate limited per client address; reading is not', async (t) => {
  const statuses: number[] = [];
  for (let i = 0; i < 25; i++) {
    const response = await viaNginx(nginx, {
      scheme: 'https',
      host: webHost,
      path: '/login',
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'username=nobody&password=wrong',
    });
    statuses.push(response.status);
  }
  t.notOk(statuses.slice(0, 10).includes(429), 'the first ten attempts are answered');
  t.ok(statuses.includes(429), `then 429 (${statuses.join(' ')})`);
  const form = await viaNginx(nginx, { scheme: 'https', host: webHost, path: '/login' });
  t.equal(form.status, 200, 'the sign-in form itself still loads');
});

t.test('a body over the limit is refused with 413 before any replica sees it', async (t) => {
  const response = await viaNginx(nginx, {
    scheme: 'http',
    host: apiHost,
    path: '/msgs/anyone',
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ content: 'x'.repeat(100_000) }),
  });
  t.equal(response.status, 413);
});

/** Resolves once nginx has passed a request to `address` and had an answer from it. */
async function routedTo(address: string, from: number) {
  const used = await untilLogged(
    nginx,
    ({ upstream_addr, status }) => upstream_addr === address && status < 500,
    from,
  );
  if (!used) throw new Error(`nginx sent nothing to the restarted replica ${address}`);
}

/**
 * Replaces one replica the way a rolling update does: SIGTERM, wait for it
 * to finish what it has and exit, start the new one where the old one was,
 * and go on once nginx uses it again.
 */
async function restart(name: ServiceName, index: number): Promise<number | null> {
  const old = replicas[name][index];
  if (!old) throw new Error(`no ${name} replica ${index}`);
  old.child.kill('SIGTERM');
  const exitCode = await old.exit;
  const from = nginx.accessLog().length;
  const port = Number(old.address.split(':')[1]);
  const replacement = await startReadyService(name, environment[name], { port });
  replicas[name][index] = replacement;
  await routedTo(replacement.address, from);
  return exitCode;
}

t.test('a rolling restart under the simulator loses no request', async (t) => {
  const from = nginx.accessLog().length;
  const restarts = (async () => {
    const exitCodes: (number | null)[] = [];
    for (const name of ['api', 'web'] as const) {
      for (const index of [0, 1]) exitCodes.push(await restart(name, index));
    }
    return exitCodes;
  })();
  const restarted = new AbortController();
  void restarts.finally(() => {
    restarted.abort();
  });
  const [exitCodes, simulator, apiReads, webReads] = await Promise.all([
    restarts,
    simulateUntil(restarted.signal, api),
    keepSending(restarted.signal, async () => (await api('GET', '/msgs?no=20')).status),
    keepSending(restarted.signal, async () => (await publicTimeline()).status),
  ]);

  t.same(exitCodes, [0, 0, 0, 0], 'every replica exits cleanly on SIGTERM');
  t.comment(
    `rolling restart: simulator sent ${simulator.sent} actions, ${simulator.failed} failed, ` +
      `${simulator.lost} lost (differences from what it wrote); reads: api ${apiReads.sent} sent, ${apiReads.failed} failed, ` +
      `web ${webReads.sent} sent, ${webReads.failed} failed`,
  );
  t.ok(simulator.sent > 0 && apiReads.sent > 0 && webReads.sent > 0, 'traffic ran throughout');
  // What nginx saw of any failure: which replica, what status, which retries.
  for (const entry of accessLog(nginx, from).filter(({ status }) => status >= 500)) {
    t.comment(`failed at nginx: ${JSON.stringify(entry)}`);
  }
  t.equal(simulator.failed, 0, 'no simulator action failed');
  t.equal(simulator.lost, 0, 'the API holds exactly what the simulator wrote');
  t.equal(apiReads.failed, 0, 'no API read failed');
  t.equal(webReads.failed, 0, 'no web page failed');
});

t.test('a killed API replica is routed around and no acknowledged write is lost', async (t) => {
  const writers = Array.from({ length: 8 }, (_, i) => `writer ${i}`);
  await registerWriters(api, writers);
  const victim = replicas.api[0];
  if (!victim) throw new Error('no api replica to kill');

  // Kill after 100 acknowledged writes; go on until 200 more are acknowledged (or too many fail).
  let acknowledgedAtKill = -1;
  const writes = await writeUntil(new AbortController().signal, api, writers, (tally) => {
    const { acknowledged, failed } = tally;
    if (failed > 50) return true;
    if (acknowledged >= 100 && acknowledgedAtKill < 0) {
      victim.child.kill('SIGKILL');
      acknowledgedAtKill = acknowledged;
    }
    return acknowledgedAtKill >= 0 && acknowledged - acknowledgedAtKill >= 200;
  });
  await victim.exit;
  const { sent, failed } = writes;
  const { lost, neverWritten } = await checkWrites(writes.history, messagesThroughApi(api));
  const acknowledgedCount = writes.acknowledged;
  t.comment(`SIGKILL: ${sent} writes sent, ${failed} failed, ${lost} acknowledged writes lost`);
  t.equal(lost, 0, 'every acknowledged write is in the database');
  t.equal(neverWritten, 0, 'and nothing that was not written, nor anything twice');
  t.ok(
    acknowledgedCount - acknowledgedAtKill >= 200,
    'writes go on being acknowledged after the kill',
  );
  t.ok(failed <= writers.length, `only requests in flight at the kill can fail (${failed})`);
});
