import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { countRows } from '@minitwit/db';
import t from 'tap';
import { Visitor, buildTestApp, flashes, signedIn, testPassword } from '../helper.js';

const form = {
  username: 'alice',
  email: 'alice@example.org',
  password: testPassword,
  password2: testPassword,
};

t.test(
  'the sign-up page: title, and its first five inputs in the order browser tests type',
  async (t) => {
    const app = await buildTestApp(t);
    const page = await new Visitor(app).get('/register');
    t.equal(page.status, 200);
    t.match(page.body, '<title>Sign Up | MiniTwit</title>');
    const inputs = [...page.body.matchAll(/<input[^>]*>/g)].slice(0, 5).map((match) => match[0]);
    t.match(inputs[0], 'name="username"');
    t.match(inputs[1], 'name="email"');
    t.match(inputs[2], 'name="password"');
    t.match(inputs[3], 'name="password2"');
    t.match(inputs[4], 'type="submit"');
    t.match(page.body, /<div class="actions"><input type="submit"/);
  },
);

t.test('sign-up errors come in the classic order with the exact texts', async (t) => {
  const app = await buildTestApp(t);
  const visitor = new Visitor(app);
  const cases: [Record<string, string>, string][] = [
    [{ ...form, username: '' }, 'You have to enter a username'],
    [{ ...form, email: 'alice.example.org' }, 'You have to enter a valid email address'],
    [{ ...form, password: '', password2: '' }, 'You have to enter a password'],
    [{ ...form, password2: 'other' }, 'The two passwords do not match'],
  ];
  for (const [fields, error] of cases) {
    const page = await visitor.post('/register', fields);
    t.equal(page.status, 200, error);
    t.match(page.body, `<div class="error" id="form-error"><strong>Error:</strong> ${error}</div>`);
  }
  // Each error is tied to its field, for a screen reader to say with it.
  const tied = (field: string, body: string) =>
    new RegExp(
      `<input [^>]*name="${field}"[^>]* aria-invalid="true" aria-describedby="form-error">`,
    ).test(body);
  const badEmail = (await visitor.post('/register', { ...form, email: 'nope' })).body;
  t.ok(tied('email', badEmail), 'a bad address: the email field');
  t.notOk(tied('username', badEmail), 'and no other');
  t.ok(tied('password2', (await visitor.post('/register', { ...form, password2: 'x' })).body));
  t.ok(tied('username', (await visitor.post('/register', { ...form, username: '' })).body));
  t.match((await visitor.get('/register')).body, '<input type="email" id="email" name="email"');
  t.equal(await countRows(app.database, 'users'), 0, 'nothing was stored');
});

t.test(
  'a sign-up redirects to the sign-in page with a flash shown once; a taken name is refused',
  async (t) => {
    const app = await buildTestApp(t);
    const visitor = new Visitor(app);
    const done = await visitor.post('/register', form);
    t.equal(done.status, 302);
    t.equal(done.location, '/login');
    const login = await visitor.get('/login');
    t.same(flashes(login.body), ['You were successfully registered and can login now']);
    t.same(flashes((await visitor.get('/login')).body), [], 'shown once');

    const again = await visitor.post('/register', { ...form, email: 'other@example.org' });
    t.match(again.body, '<strong>Error:</strong> The username is already taken');
    t.equal(await countRows(app.database, 'users'), 1);
  },
);

t.test(
  'signed-in visitors are sent from the sign-up and sign-in pages to their timeline',
  async (t) => {
    const app = await buildTestApp(t);
    const visitor = await signedIn(t, app, 'alice');
    for (const url of ['/register', '/login']) {
      const page = await visitor.get(url);
      t.equal(page.status, 302, url);
      t.equal(page.location, '/', url);
    }
  },
);

t.test('one name: its other forms are taken, and the rules for new names hold', async (t) => {
  const app = await buildTestApp(t);
  const visitor = new Visitor(app);
  t.equal((await visitor.post('/register', { ...form, username: ' alice ' })).location, '/login');
  const cases: [string, string][] = [
    ['ALICE', 'The username is already taken'],
    ['ａｌｉｃｅ', 'The username is already taken'],
    ['public', 'The username is reserved for the site itself'],
    ['Add_Message', 'The username is reserved for the site itself'],
    ['y'.repeat(41), 'The username can have at most 40 characters'],
    ['bell\u0007', 'The username cannot contain control or invisible characters'],
  ];
  for (const [username, error] of cases) {
    const page = await visitor.post('/register', { ...form, username });
    t.equal(page.status, 200, username);
    t.match(page.body, `<strong>Error:</strong> ${error}`, username);
  }
  const { rows } = await app.database.sql<{ username: string }>`SELECT username FROM users`;
  t.same(rows, [{ username: 'alice' }], 'one user, stored trimmed');
});

t.test("every first path segment of the site's is a reserved name", async (t) => {
  // More sign-ups than a minute's limit allows one address.
  const app = await buildTestApp(t, { SIGN_IN_ATTEMPTS_PER_MINUTE: '100' });
  const routeFolders = await readdir(path.join(import.meta.dirname, '..', '..', 'src', 'routes'), {
    withFileTypes: true,
  });
  // Each folder but _username is a prefix; the static files and the metrics come from plugins.
  const segments = [
    ...routeFolders.filter((entry) => entry.isDirectory() && !entry.name.startsWith('_')),
  ].map((entry) => entry.name);
  t.ok(segments.includes('public'), 'the route folders are read');
  for (const segment of [...segments, 'static', 'metrics']) {
    const page = await new Visitor(app).post('/register', { ...form, username: segment });
    t.match(page.body, 'The username is reserved for the site itself', segment);
  }
});
