import { createTestDatabase } from '@minitwit/local-postgres';
import t from 'tap';
import { asSimulator, buildTestApp, buildTestAppOn, registerUser } from '../../helper.js';

t.test('the business metrics count what the simulator did', async (t) => {
  const app = await buildTestApp(t);
  const before = (await app.inject('/metrics')).body;
  t.match(before, /^minitwit_registrations_total\{service="api"\} 0$/m, 'counters start at 0');
  t.match(before, /^minitwit_users 0$/m);

  await registerUser(t, app, 'alice');
  await registerUser(t, app, 'bob');
  const taken = { username: 'bob', email: 'b@example.org', pwd: 'x' };
  await app.inject({ method: 'POST', url: '/register', headers: asSimulator, payload: taken });
  for (const content of ['one', 'two', 'three']) {
    const payload = { content };
    await app.inject({ method: 'POST', url: '/msgs/alice', headers: asSimulator, payload });
  }
  const follows = [{ follow: 'bob' }, { follow: 'bob' }, { unfollow: 'bob' }, { unfollow: 'bob' }];
  for (const payload of [...follows, { follow: 'bob' }]) {
    await app.inject({ method: 'POST', url: '/fllws/alice', headers: asSimulator, payload });
  }

  const metrics = (await app.inject('/metrics')).body;
  t.match(metrics, /^minitwit_registrations_total\{service="api"\} 2$/m, 'a taken name: none');
  t.match(metrics, /^minitwit_messages_posted_total\{service="api"\} 3$/m);
  t.match(metrics, /^minitwit_follows_total\{service="api"\} 2$/m, 'following again: none');
  t.match(metrics, /^minitwit_unfollows_total\{service="api"\} 1$/m);
  t.match(metrics, /^minitwit_users 2$/m);
  t.match(metrics, /^minitwit_messages 3$/m);
  t.match(metrics, /^minitwit_follows 1$/m);
});

t.test('/metrics still answers when the database is gone, the row gauges unknown', async (t) => {
  const database = await createTestDatabase();
  t.teardown(() => database.drop());
  const app = await buildTestAppOn(t, database);
  await registerUser(t, app, 'alice');
  await database.drop();

  const response = await app.inject('/metrics');
  t.equal(response.statusCode, 200);
  t.match(response.body, /^minitwit_registrations_total\{service="api"\} 1$/m);
  // The client writes NaN as "Nan"; Prometheus reads either.
  t.match(response.body, /^minitwit_users nan$/im, 'NaN, not a stale or zero count');
  t.match(response.body, /^nodejs_eventloop_lag_seconds /m, 'the rest is there');
});
