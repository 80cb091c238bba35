import t from 'tap';
import { Visitor, buildTestApp, flashes, signedIn, testPassword } from '../helper.js';

t.test('signing out flashes, redirects to the public timeline, and ends the session', async (t) => {
  const app = await buildTestApp(t);
  const alice = await signedIn(t, app, 'alice');
  const out = await alice.get('/logout');
  t.equal(out.status, 302);
  t.equal(out.location, '/public');
  const page = await alice.get('/public');
  t.same(flashes(page.body), ['You were logged out']);
  t.match(
    page.body,
    /<div role="status">\s*<ul class="flashes">/,
    'in a live region, which a screen reader announces',
  );
  t.match(page.body, '<a href="/login">sign in</a>');
  t.notMatch(page.body, 'sign out');
  t.equal((await alice.get('/')).location, '/public', 'signed out');
});

t.test('a copy of the session cookie stops working when the user signs out', async (t) => {
  const app = await buildTestApp(t);
  const alice = await signedIn(t, app, 'alice');
  // Someone who stole the cookie, say from a shared computer.
  const thief = new Visitor(app, { cookie: alice.cookie });
  t.match((await thief.get('/')).body, 'sign out [alice]', 'the copy works while alice is in');
  await alice.get('/logout');
  t.equal((await thief.get('/')).location, '/public', 'and not after she signed out');
  t.equal((await alice.get('/')).location, '/public', 'alice is out too');
});

t.test('signing out ends every session of the user, and signing in again works', async (t) => {
  const app = await buildTestApp(t);
  const laptop = await signedIn(t, app, 'alice');
  const phone = new Visitor(app);
  t.equal(
    (await phone.post('/login', { username: 'alice', password: testPassword })).location,
    '/',
  );
  const bob = await signedIn(t, app, 'bob');

  await laptop.get('/logout');
  t.equal((await phone.get('/')).location, '/public', "alice's other session ended");
  t.match((await bob.get('/')).body, 'sign out [bob]', "bob's did not");

  t.equal(
    (await phone.post('/login', { username: 'alice', password: testPassword })).location,
    '/',
  );
  t.match((await phone.get('/')).body, 'sign out [alice]', 'a new sign-in starts a new session');
});
