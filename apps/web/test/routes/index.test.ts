import t from 'tap';
import { Visitor, buildTestApp, signedIn } from '../helper.js';

t.test('signed out, / sends the visitor to the public timeline', async (t) => {
  const app = await buildTestApp(t);
  const page = await new Visitor(app).get('/');
  t.equal(page.status, 302);
  t.equal(page.location, '/public');
});

t.test("my timeline shows my messages and those of whom I follow, and no one else's", async (t) => {
  const app = await buildTestApp(t);
  const alice = await signedIn(t, app, 'alice');
  const bob = await signedIn(t, app, 'bob');
  const carol = await signedIn(t, app, 'carol');
  await alice.post('/add_message', { text: 'from alice' });
  await bob.post('/add_message', { text: 'from bob' });
  await carol.post('/add_message', { text: 'from carol' });
  await alice.post('/bob/follow', {});

  const home = await alice.get('/');
  t.equal(home.status, 200);
  t.match(home.body, '<title>My Timeline | MiniTwit</title>');
  t.match(home.body, "What's on your mind alice?");
  t.match(home.body, 'from alice');
  t.match(home.body, 'from bob');
  t.notMatch(home.body, 'from carol');
  t.ok(home.body.indexOf('from bob') < home.body.indexOf('from alice'), 'newest first');
});
