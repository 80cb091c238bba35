import { setTimeout as sleep } from 'node:timers/promises';
import { createTestDatabase, startReadyService } from '@minitwit/local-postgres';
import t, { type Test } from 'tap';
import {
  databaseJobs,
  hasData,
  monitoringExpressions,
  readsDatabaseHosts,
} from './monitoring-expressions.js';
import { type QueryResult, startPrometheus } from './prometheus-server.js';
import { basicAuthorization, defaultCredentials } from '@minitwit/simulator';

async function startServices(t: Test) {
  const database = await createTestDatabase();
  t.teardown(() => database.drop());
  const env = { ...database.environment, LOG_LEVEL: 'warn' };
  const api = await startReadyService('api', env);
  t.teardown(() => api.child.kill('SIGKILL'));
  const web = await startReadyService('web', env);
  t.teardown(() => web.child.kill('SIGKILL'));
  return { api, web };
}

const simulator = {
  authorization: basicAuthorization(defaultCredentials),
  'content-type': 'application/json',
};

/** What the simulator and a person on the site do, in one round. */
async function someTraffic(api: string, web: string, round: number) {
  const post = (url: string, body: unknown) =>
    fetch(url, { method: 'POST', headers: simulator, body: JSON.stringify(body) });
  await post(`${api}/register`, {
    username: `sim${round}`,
    email: `s${round}@example.org`,
    pwd: 'p',
  });
  await post(`${api}/msgs/sim${round}`, { content: `hello ${round}` });
  await post(`${api}/fllws/sim${round}`, { follow: 'sim0' });
  await fetch(`${api}/msgs?no=10`, { headers: simulator });
  await fetch(`${api}/msgs/nobody`, { headers: simulator });

  const form = (body: Record<string, string>, cookie = '') => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams(body).toString(),
    redirect: 'manual' as const,
  });
  const username = `person${round}`;
  const password = 'a secret';
  await fetch(
    `${web}/register`,
    form({ username, email: 'p@example.org', password, password2: password }),
  );
  const signedIn = await fetch(`${web}/login`, form({ username, password }));
  const cookie = signedIn.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
  await fetch(`${web}/add_message`, form({ text: `posted on the web, round ${round}` }, cookie));
  await fetch(`${web}/sim0/follow`, form({}, cookie));
  // Their own timeline twice: read, then from the home cache.
  for (let visit = 0; visit < 2; visit++) await fetch(`${web}/`, { headers: { cookie } });
  await fetch(`${web}/public`);
}

t.test(
  'a real Prometheus and its agent scrape web and api, and every dashboard and alert expression on them has data',
  async (t) => {
    const { api, web } = await startServices(t);
    // The database hosts and proxies run in the swarm test, which checks their expressions.
    const prometheus = await startPrometheus(
      t,
      { web: [web.address], api: [api.address] },
      databaseJobs,
    );
    const expressions = (await monitoringExpressions()).filter(
      ({ expr }) => !readsDatabaseHosts(expr),
    );
    t.ok(expressions.length >= 20, `${expressions.length} expressions to check`);

    // Traffic keeps coming while Prometheus scrapes, so rates have two samples and more.
    const answered = new Map<string, QueryResult>();
    const deadline = Date.now() + 60_000;
    for (let round = 0; Date.now() < deadline; round += 1) {
      await someTraffic(api.base, web.base, round);
      for (const { expr } of expressions) {
        const known = answered.get(expr);
        if (!known || !hasData(known)) answered.set(expr, await prometheus.query(expr));
      }
      const waiting = expressions.filter(
        ({ expr, mustReturnData }) =>
          mustReturnData && !hasData(answered.get(expr) ?? { status: 'error' }),
      );
      if (waiting.length === 0 && round >= 2) break;
      await sleep(1_000);
    }

    const up = await prometheus.query('up');
    t.same(
      ((up.data?.result ?? []) as { metric: { job: string }; value: [number, string] }[])
        .map(({ metric, value }) => `${metric.job} ${value[1]}`)
        .sort(),
      ['api 1', 'web 1'],
      'both services are scraped, and up',
    );
    const byUsername = await prometheus.query(
      '{__name__=~"http_request.*", route=~".*(sim|person)[0-9].*"}',
    );
    t.same(byUsername.data?.result, [], 'no route label names one of the many users');
    for (const { source, expr, mustReturnData } of expressions) {
      const result = answered.get(expr);
      t.equal(result?.status, 'success', `${source}: evaluates (${result?.error ?? 'no error'})`);
      if (mustReturnData) t.ok(result && hasData(result), `${source}: returns data`);
    }
  },
);
