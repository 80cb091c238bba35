import { createTestDatabase } from '@minitwit/local-postgres';
import t from 'tap';
import { Visitor, buildTestApp, buildTestAppOn, signedIn } from '../helper.js';

t.test('liveness, readiness and the stylesheet', async (t) => {
  const app = await buildTestApp(t);
  const live = await app.inject('/health/live');
  t.equal(live.statusCode, 200);
  t.same(live.json(), { status: 'ok' });
  const ready = await app.inject('/health/ready');
  t.equal(ready.statusCode, 200);
  t.same(ready.json(), { status: 'ready' });
  const css = await app.inject('/static/style.css');
  t.equal(css.statusCode, 200);
  t.match(css.headers['content-type'], /text\/css/);
  t.match(css.body, '.flashes');
});

t.test('readiness turns 503 when the database is gone, liveness stays 200', async (t) => {
  const database = await createTestDatabase();
  t.teardown(() => database.drop());
  const app = await buildTestAppOn(t, database);
  await database.drop();
  const ready = await app.inject('/health/ready');
  t.equal(ready.statusCode, 503);
  t.same(ready.json(), { status: 'unavailable' });
  const live = await app.inject('/health/live');
  t.equal(live.statusCode, 200, 'the process itself is still alive');
});

t.test('an unknown page is a friendly 404 inside the layout', async (t) => {
  const app = await buildTestApp(t);
  const page = await new Visitor(app).get('/no/such/page');
  t.equal(page.status, 404);
  t.match(page.body, '<title>Page Not Found | MiniTwit</title>');
  t.match(page.body, '<h1>MiniTwit</h1>');
  t.match(page.body, 'Back to the public timeline');
});

t.test('the 404 page still knows a signed-in visitor', async (t) => {
  const app = await buildTestApp(t);
  const alice = await signedIn(t, app, 'alice');
  const page = await alice.get('/no/such/page');
  t.equal(page.status, 404);
  t.match(page.body, 'sign out [alice]');
});
