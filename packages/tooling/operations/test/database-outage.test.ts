// PostgreSQL goes away for several seconds while both services are under
// traffic, then comes back on the same address. The services are real
// processes that are never restarted: they must answer 503 quickly while the
// database is gone, say so on their readiness endpoint, and recover alone.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  freePort,
  type LocalPostgres,
  startLocalPostgres,
  startReadyService,
} from '@minitwit/local-postgres';
import { defaultCredentials, simulatorClient, userPath } from '@minitwit/simulator';
import t from 'tap';

t.setTimeout(300_000);

/** No request may wait longer than this for its answer, database or not. */
const answerBoundMs = 4_000;
const outageMs = 5_000;
const writers = 4;

const dataDir = await mkdtemp(path.join(tmpdir(), 'minitwit-outage-'));
t.teardown(() => rm(dataDir, { recursive: true, force: true }));
const port = await freePort();
// Durable, so that the data survives the stop: the cluster restarts from its folder.
const startPostgres = () => startLocalPostgres({ dataDir, port, throwaway: false });
let postgres: LocalPostgres = await startPostgres();
t.teardown(() => postgres.stop());
await postgres.admin.create('minitwit');

const environment = {
  DATABASE_URL: postgres.admin.url('minitwit'),
  DATABASE_CONNECT_TIMEOUT_MS: '1000',
  LOG_LEVEL: 'error',
};
const api = await startReadyService('api', environment);
t.teardown(() => api.child.kill('SIGKILL'));
const web = await startReadyService('web', environment);
t.teardown(() => web.child.kill('SIGKILL'));

const send = simulatorClient({
  baseUrl: api.base,
  ...defaultCredentials,
  timeoutMs: answerBoundMs,
});

type Phase = 'before' | 'outage' | 'after';
interface Answer {
  service: 'api' | 'web';
  what: string;
  phase: Phase;
  status: number;
  body: string;
}

let phase: Phase = 'before';
let running = true;
const answers: Answer[] = [];
const unanswered: string[] = [];
const acknowledged = new Map<string, string[]>();

/** Sends a request, noting the phase it was sent in and its answer, or that none came. */
async function record(
  service: Answer['service'],
  what: string,
  request: () => Promise<{ status: number; body: string }>,
) {
  const sentIn = phase;
  try {
    const answer = { service, what, phase: sentIn, ...(await request()) };
    answers.push(answer);
    return answer;
  } catch (error) {
    unanswered.push(`${service} ${what} (${sentIn}): ${(error as Error).message}`);
    return undefined;
  }
}

const apiRequest = (what: string, method: 'GET' | 'POST', urlPath: string, body?: unknown) =>
  record('api', what, () => send(method, urlPath, body));

const webRequest = (what: string, urlPath: string) =>
  record('web', what, async () => {
    const response = await fetch(`${web.base}${urlPath}`, {
      signal: AbortSignal.timeout(answerBoundMs),
    });
    return { status: response.status, body: await response.text() };
  });

for (let writer = 0; writer < writers; writer++) {
  const registered = await send('POST', '/register', {
    username: `writer ${writer}`,
    email: `writer${writer}@example.com`,
    pwd: 'secret',
  });
  if (registered.status !== 204) throw new Error(`writer ${writer}: ${registered.body}`);
  acknowledged.set(`writer ${writer}`, []);
}

async function writeMessages(writer: number) {
  const username = `writer ${writer}`;
  for (let sequence = 0; running; sequence++) {
    const content = `message ${sequence} of ${username}`;
    const answer = await apiRequest('POST /msgs', 'POST', userPath('msgs', username), { content });
    if (answer?.status === 204) acknowledged.get(username)?.push(content);
    await sleep(20);
  }
}

async function readPages() {
  while (running) {
    await apiRequest('GET /msgs', 'GET', '/msgs?no=20');
    await webRequest('GET /public', '/public');
    await apiRequest('GET /health/ready', 'GET', '/health/ready');
    await webRequest('GET /health/ready', '/health/ready');
    await sleep(50);
  }
}

const answered = (service: Answer['service'], what: string, during: Phase, status: number) =>
  answers.some(
    (a) => a.service === service && a.what === what && a.phase === during && a.status === status,
  );

const traffic = Promise.all([
  ...Array.from({ length: writers }, (_, writer) => writeMessages(writer)),
  readPages(),
]);

await sleep(1_500);
await postgres.stop();
phase = 'outage';
await sleep(outageMs);
postgres = await startPostgres();
phase = 'after';
// Recovery: both readiness endpoints and the writes work again, with no restart.
for (let attempt = 0; attempt < 300; attempt++) {
  if (
    answered('api', 'GET /health/ready', 'after', 200) &&
    answered('web', 'GET /health/ready', 'after', 200) &&
    answered('api', 'POST /msgs', 'after', 204) &&
    answered('web', 'GET /public', 'after', 200)
  ) {
    break;
  }
  await sleep(100);
}
await sleep(1_000);
running = false;
await traffic;

t.same(unanswered, [], `every request was answered within ${answerBoundMs / 1000} s`);
t.same(
  answers
    .filter((a) => a.status !== 503 && a.status >= 500)
    .map((a) => `${a.service} ${a.what} ${a.status}`),
  [],
  'no 5xx but 503',
);

t.test('while the database is gone', async (t) => {
  const outage = answers.filter((a) => a.phase === 'outage');
  t.ok(outage.length > 20, `requests were sent during the outage (${outage.length})`);
  for (const service of ['api', 'web'] as const) {
    t.ok(answered(service, 'GET /health/ready', 'outage', 503), `${service} readiness turns red`);
  }
  t.ok(answered('api', 'POST /msgs', 'outage', 503), 'the API refuses writes with 503');
  t.ok(answered('api', 'GET /msgs', 'outage', 503), 'and reads');
  t.ok(answered('web', 'GET /public', 'outage', 503), 'the web app answers 503');
  const apiErrors = answers.filter((a) => a.service === 'api' && a.status === 503);
  t.ok(
    apiErrors.every((a) => {
      const body = JSON.parse(a.body) as unknown;
      return (
        typeof body === 'object' &&
        body !== null &&
        'status' in body &&
        body.status === 503 &&
        'error_msg' in body &&
        typeof body.error_msg === 'string'
      );
    }),
    `all ${apiErrors.length} API 503s are in the contract's error shape`,
  );
  const webErrors = answers.filter((a) => a.what === 'GET /public' && a.status === 503);
  t.ok(
    webErrors.every((a) => a.body.includes('cannot reach its database')),
    'the web 503 is a page that says what is wrong',
  );
});

t.test('when it is back', async (t) => {
  for (const service of ['api', 'web'] as const) {
    t.ok(answered(service, 'GET /health/ready', 'after', 200), `${service} readiness is green`);
  }
  t.ok(answered('api', 'POST /msgs', 'after', 204), 'the API takes writes again');
  t.ok(answered('web', 'GET /public', 'after', 200), 'the web app serves pages again');
  t.equal(api.child.exitCode, null, 'the API process was never restarted');
  t.equal(web.child.exitCode, null, 'nor the web process');

  for (const [username, contents] of acknowledged) {
    const { status, body } = await send('GET', userPath('msgs', username, '?no=1000'));
    t.equal(status, 200);
    const stored = new Set((JSON.parse(body) as { content: string }[]).map((m) => m.content));
    t.same(
      contents.filter((content) => !stored.has(content)),
      [],
      `all ${contents.length} acknowledged messages of ${username} are stored`,
    );
  }
});
