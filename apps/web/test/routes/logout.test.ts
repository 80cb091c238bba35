import t from 'tap';
import { buildTestApp, flashes, signedIn } from '../helper.js';

t.test('signing out flashes, redirects to the public timeline, and ends the session', async (t) => {
  const app = await buildTestApp(t);
  const alice = await signedIn(t, app, 'alice');
  const out = await alice.get('/logout');
  t.equal(out.status, 302);
  t.equal(out.location, '/public');
  const page = await alice.get('/public');
  t.same(flashes(page.body), ['You were logged out']);
  t.match(page.body, '<a href="/login">sign in</a>');
  t.notMatch(page.body, 'sign out');
  t.equal((await alice.get('/')).location, '/public', 'signed out');
});
