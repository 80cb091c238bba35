import t from 'tap';
import { createTestDatabase } from '@minitwit/local-postgres';
import { buildTestApp, buildTestAppOn } from '../helper.js';

t.test(
  'liveness and readiness answer 200 without credentials while the database is up',
  async (t) => {
    const app = await buildTestApp(t);
    const live = await app.inject('/health/live');
    t.equal(live.statusCode, 200);
    t.same(live.json(), { status: 'ok' });
    const ready = await app.inject('/health/ready');
    t.equal(ready.statusCode, 200);
    t.same(ready.json(), { status: 'ready' });
  },
);

t.test('readiness turns 503 when the database is gone, liveness stays 200', async (t) => {
  const database = await createTestDatabase();
  t.teardown(() => database.drop());
  const app = await buildTestAppOn(t, database);
  await database.drop();
  const ready = await app.inject('/health/ready');
  t.equal(ready.statusCode, 503);
  t.same(ready.json(), { status: 503, error_msg: 'The database is unavailable' });
  const live = await app.inject('/health/live');
  t.equal(live.statusCode, 200, 'the process itself is still alive');
});
