import { legacyHashVectors } from '@minitwit/classic-fixtures';
import { createDatabaseClient, createUser } from '@minitwit/db';
import { createTestDatabase, startReadyService } from '@minitwit/local-postgres';
import t from 'tap';
import { Visitor, buildTestApp, buildTestAppOn, flashes, signUp, testPassword } from '../helper.js';
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
  t.match(
    wrong.body,
    /<input [^>]*name="password"[^>]* aria-invalid="true" aria-describedby="form-error">/,
    'the error is tied to the password field',
  );
  t.match(
    unknown.body,
    /<input [^>]*name="username"[^>]* aria-invalid="true" aria-describedby="form-error">/,
    'an unknown name to the username field',
  );
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
      body: new URLSearchParams({ username: 'alice', password: testPassword }).toString(),
    });
    t.equal(response.statusCode, 302);
    t.equal(response.headers.location, '/');
    const cookie = response.cookies.find((c) => c.name === 'minitwit_session');
    t.ok(cookie, 'a session cookie');
    t.equal(cookie?.httpOnly, true);
    t.equal(cookie?.sameSite, 'Lax');
    t.notMatch(cookie?.value ?? '', /alice|userId/, 'sealed: nothing readable inside');

    const visitor = new Visitor(app);
    await visitor.post('/login', { username: 'alice', password: testPassword });
    const home = await visitor.get('/');
    t.equal(home.status, 200);
    t.match(home.body, '<title>My Timeline | MiniTwit</title>');
    t.same(flashes(home.body), ['You were logged in']);
    t.match(home.body, 'sign out [alice]');
  },
);

t.test('sign-in finds the user whatever the case or form of the name', async (t) => {
  const app = await buildTestApp(t);
  await signUp(t, app, 'Dave');
  for (const username of ['dave', 'DAVE', ' Dave ', 'ｄａｖｅ']) {
    const visitor = new Visitor(app);
    const page = await visitor.post('/login', { username, password: testPassword });
    t.equal(page.location, '/', `signed in as ${JSON.stringify(username)}`);
    t.match((await visitor.get('/')).body, 'sign out [Dave]', 'as Dave, named as he registered');
  }
});

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
    body: new URLSearchParams({ username: 'alice', password: testPassword }).toString(),
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

t.test(
  'a user imported with a legacy hash signs in with their old password, and the hash becomes argon2id',
  async (t) => {
    const database = await createTestDatabase();
    t.teardown(() => database.drop());
    // Three sign-ins for each format from one address: more than the limit allows.
    const app = await buildTestAppOn(t, database, { SIGN_IN_ATTEMPTS_PER_MINUTE: '100' });
    const db = createDatabaseClient({ url: database.url, poolSize: 1 });
    t.teardown(() => db.close());
    const users = legacyHashVectors.map((vector, index) => ({
      ...vector,
      username: `legacy${index}`,
    }));
    for (const { username, hash } of users) {
      await createUser(db, { username, email: `${username}@example.org`, passwordHash: hash });
    }
    const gauge = async () =>
      /^minitwit_legacy_password_hashes (\d+)$/m.exec((await app.inject('/metrics')).body)?.[1];
    t.equal(await gauge(), String(users.length), 'the gauge counts every legacy hash');

    for (const { username, password, hash, system } of users) {
      // A wrong password first: the same answer whatever the format.
      const visitor = new Visitor(app);
      const wrong = await visitor.post('/login', { username, password: `${password}x` });
      t.match(wrong.body, '<strong>Error:</strong> Invalid password', `${system}: wrong password`);
      const { rows: before } = await db.sql<{ hash: string }>`
        SELECT password_hash AS hash FROM users WHERE username = ${username}`;
      t.equal(before[0]?.hash, hash, `${system}: a failed sign-in changes nothing`);

      const signedIn = await visitor.post('/login', { username, password });
      t.equal(signedIn.location, '/', `${system}: signed in with the old password`);
      t.match((await visitor.get('/')).body, `sign out [${username}]`);
      const { rows: after } = await db.sql<{ hash: string }>`
        SELECT password_hash AS hash FROM users WHERE username = ${username}`;
      t.match(after[0]?.hash, /^\$argon2id\$/, `${system}: the hash is argon2id now`);

      // And the upgraded hash takes the same password next time.
      const again = await new Visitor(app).post('/login', { username, password });
      t.equal(again.location, '/', `${system}: signs in again after the upgrade`);
    }
    t.equal(await gauge(), '0', 'no legacy hash left');
  },
);

t.test('a hash in no known format never signs anyone in', async (t) => {
  const database = await createTestDatabase();
  t.teardown(() => database.drop());
  const app = await buildTestAppOn(t, database);
  const db = createDatabaseClient({ url: database.url, poolSize: 1 });
  t.teardown(() => db.close());
  const unknown = 'bcrypt$2b$12$somethingthisversiondoesnotread';
  await createUser(db, { username: 'erin', email: 'erin@example.org', passwordHash: unknown });
  for (const password of ['', unknown, 'bcrypt', 'secret']) {
    const page = await new Visitor(app).post('/login', { username: 'erin', password });
    t.match(page.body, '<strong>Error:</strong> Invalid password', JSON.stringify(password));
  }
});
