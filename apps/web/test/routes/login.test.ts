import { startReadyService } from '@minitwit/local-postgres';
import t from 'tap';
import { Visitor, buildTestApp, flashes, signUp } from '../helper.js';
import { basicAuthorization, defaultCredentials } from '@minitwit/simulator';

t.test('wrong usernames and passwords get the classic errors and no session', async (t) => {
  const app = await buildTestApp(t);
  await signUp(t, app, 'alice');
  const visitor = new Visitor(app);
  const unknown = await visitor.post('/login', { username: 'bob', password: 'secret' });
  t.match(unknown.body, '<strong>Error:</strong> Invalid username');
  const wrong = await visitor.post('/login', { username: 'alice', password: 'nope' });
  t.match(wrong.body, '<strong>Error:</strong> Invalid password');
  t.match(wrong.body, 'value="alice"', 'the username is kept in the form');
  const home = await visitor.get('/');
  t.equal(home.location, '/public', 'still signed out');
});

t.test(
  'signing in sets a sealed HttpOnly SameSite=Lax cookie and greets with a flash',
  async (t) => {
    const app = await buildTestApp(t);
    await signUp(t, app, 'alice');
    const response = await app.inject({
      method: 'POST',
      url: '/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'username=alice&password=secret',
    });
    t.equal(response.statusCode, 302);
    t.equal(response.headers.location, '/');
    const cookie = response.cookies.find((c) => c.name === 'minitwit_session');
    t.ok(cookie, 'a session cookie');
    t.equal(cookie?.httpOnly, true);
    t.equal(cookie?.sameSite, 'Lax');
    t.notMatch(cookie?.value ?? '', /alice|userId/, 'sealed: nothing readable inside');

    const visitor = new Visitor(app);
    await visitor.post('/login', { username: 'alice', password: 'secret' });
    const home = await visitor.get('/');
    t.equal(home.status, 200);
    t.match(home.body, '<title>My Timeline | MiniTwit</title>');
    t.same(flashes(home.body), ['You were logged in']);
    t.match(home.body, 'sign out [alice]');
  },
);

t.test('the cookie is Secure when the request came over TLS through the proxy', async (t) => {
  const app = await buildTestApp(t, { TRUST_PROXY: '127.0.0.1' });
  await signUp(t, app, 'alice');
  const response = await app.inject({
    method: 'POST',
    url: '/login',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-forwarded-proto': 'https',
    },
    body: 'username=alice&password=secret',
  });
  const cookie = response.cookies.find((c) => c.name === 'minitwit_session');
  t.equal(cookie?.secure, true);
});

t.test('a user registered through the API signs in on the web', async (t) => {
  const web = await buildTestApp(t);
  // The real API, as its container runs it, on the web app's database:
  // one database, one password hash format.
  const api = await startReadyService('api', {
    LOG_LEVEL: 'warn',
    DATABASE_URL: web.config.DATABASE_URL,
  });
  t.teardown(() => api.child.kill());

  const password = `p"a'ss\\w[o]rd ÄÖ`;
  const registered = await fetch(`${api.base}/register`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      // The simulator's development credentials (the API's default).
      authorization: basicAuthorization(defaultCredentials),
    },
    body: JSON.stringify({ username: 'Zoë Ångström', email: 'zoe@example.org', pwd: password }),
  });
  t.equal(registered.status, 204);

  const visitor = new Visitor(web);
  const signIn = await visitor.post('/login', { username: 'Zoë Ångström', password });
  t.equal(signIn.location, '/');
  t.match((await visitor.get('/')).body, 'sign out [Zoë Ångström]');
});
