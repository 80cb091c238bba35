import t from 'tap';
import { createTestDatabase } from '@minitwit/local-postgres';
import { asSimulator, buildTestApp, buildTestAppOn } from '../helper.js';
import type { App } from '../../src/app.js';

const readLatest = async (app: App) => (await app.inject('/latest')).json<{ latest: number }>();

t.test('latest is -1 before any action was recorded', async (t) => {
  const app = await buildTestApp(t);
  const response = await app.inject('/latest');
  t.equal(response.statusCode, 200);
  t.same(response.json(), { latest: -1 });
});

t.test('the last recorded value wins, not the largest', async (t) => {
  const app = await buildTestApp(t);
  for (const latest of [10, 3]) {
    const response = await app.inject({
      method: 'POST',
      url: `/register?latest=${latest}`,
      headers: asSimulator,
      payload: { username: `user${latest}`, email: 'a@b.c', pwd: 'x' },
    });
    t.equal(response.statusCode, 204);
  }
  t.same(await readLatest(app), { latest: 3 });
});

t.test('latest is recorded before the request is processed, whatever the outcome', async (t) => {
  const app = await buildTestApp(t);
  const failing = [
    { method: 'POST', url: '/register?latest=41', headers: asSimulator, payload: {} },
    { method: 'GET', url: '/msgs/nobody?latest=42', headers: asSimulator },
    { method: 'POST', url: '/fllws/nobody?latest=43', headers: asSimulator, payload: {} },
    {
      method: 'POST',
      url: '/msgs/nobody?latest=44',
      headers: { ...asSimulator, 'content-type': 'application/json' },
      body: '{not json',
    },
  ] as const;
  for (const request of failing) {
    const response = await app.inject(request);
    t.ok(response.statusCode >= 400 && response.statusCode < 500, `${request.url} fails`);
    const expected = Number(new URL(request.url, 'http://x').searchParams.get('latest'));
    t.same(await readLatest(app), { latest: expected }, `${request.url} recorded`);
  }
});

t.test('an unauthorized request records nothing', async (t) => {
  const app = await buildTestApp(t);
  const response = await app.inject('/msgs?latest=99');
  t.equal(response.statusCode, 403);
  t.same(await readLatest(app), { latest: -1 });
});

t.test('a latest that is not an integer is ignored, and the request still served', async (t) => {
  const app = await buildTestApp(t);
  await app.inject({ url: '/msgs?latest=5', headers: asSimulator });
  for (const latest of ['abc', '1.5', '', '99999999999999999999', '1e3']) {
    const response = await app.inject({
      url: `/msgs?latest=${encodeURIComponent(latest)}`,
      headers: asSimulator,
    });
    t.equal(response.statusCode, 200, `latest=${latest} is served`);
    t.same(await readLatest(app), { latest: 5 }, `latest=${latest} is not recorded`);
  }
});

t.test('two API instances on one database answer with the same latest', async (t) => {
  const database = await createTestDatabase();
  t.teardown(() => database.drop());
  const first = await buildTestAppOn(t, database);
  const second = await buildTestAppOn(t, database);
  await first.inject({ url: '/msgs?latest=1234', headers: asSimulator });
  t.same(await readLatest(second), { latest: 1234 }, 'the second sees what the first recorded');
  await second.inject({ url: '/msgs?latest=77', headers: asSimulator });
  t.same(await readLatest(first), { latest: 77 }, 'and the other way round');
});
