import { countRows } from '@minitwit/db';
import t from 'tap';
import { Visitor, buildTestApp, flashes, signedIn } from '../helper.js';

const form = { username: 'alice', email: 'alice@example.org', password: 'pw', password2: 'pw' };

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
    t.match(page.body, `<strong>Error:</strong> ${error}`);
  }
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
