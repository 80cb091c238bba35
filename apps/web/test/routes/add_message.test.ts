import { countRows } from '@minitwit/db';
import t from 'tap';
import { Visitor, buildTestApp, flashes, signedIn } from '../helper.js';

t.test('a message is recorded with a flash; an empty one is not', async (t) => {
  const app = await buildTestApp(t);
  const alice = await signedIn(t, app, 'alice');
  await alice.get('/');
  const posted = await alice.post('/add_message', { text: 'Hello, world' });
  t.equal(posted.status, 302);
  t.equal(posted.location, '/');
  const home = await alice.get('/');
  t.same(flashes(home.body), ['Your message was recorded']);
  t.match(home.body, 'Hello, world');

  const empty = await alice.post('/add_message', { text: '' });
  t.equal(empty.location, '/');
  t.same(flashes((await alice.get('/')).body), [], 'no flash for an empty message');
  t.equal(await countRows(app.database, 'messages'), 1, 'only the first was stored');
});

t.test('posting signed out is a 401 and stores nothing', async (t) => {
  const app = await buildTestApp(t);
  const page = await new Visitor(app).post('/add_message', { text: 'sneaky' });
  t.equal(page.status, 401);
  t.match(page.body, 'You need to sign in');
  t.equal(await countRows(app.database, 'messages'), 0);
});
