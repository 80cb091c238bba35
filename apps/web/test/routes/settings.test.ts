import { countRows, userByUsername } from '@minitwit/db';
import { eventually } from '@minitwit/local-postgres';
import t from 'tap';
import {
  Visitor,
  buildTestApp,
  flashes,
  signUp,
  signedIn,
  testPassword,
  twoReplicas,
} from '../helper.js';

const newPassword = 'a much better passphrase';

t.test('every settings address is the signed-in user’s own: signed out, 401', async (t) => {
  const app = await buildTestApp(t);
  const visitor = new Visitor(app);
  for (const page of [
    await visitor.get('/settings'),
    await visitor.get('/settings/data'),
    await visitor.post('/settings/password', { current: 'x', password: newPassword }),
    await visitor.post('/settings/delete', { password: 'x' }),
  ]) {
    t.equal(page.status, 401);
    t.match(page.body, 'You need to sign in');
  }
});

t.test('the settings page: its three forms, labelled, linked from the navigation', async (t) => {
  const app = await buildTestApp(t);
  const alice = await signedIn(t, app, 'alice');
  const home = await alice.get('/');
  t.match(home.body, '<a href="/settings">settings</a>');
  const page = await alice.get('/settings');
  t.equal(page.status, 200);
  t.match(page.body, '<title>Settings | MiniTwit</title>');
  t.match(page.body, '<form action="/settings/password" method="post">');
  t.match(page.body, '<label for="current">Current password:</label>');
  t.match(page.body, 'At least 8 characters');
  t.match(page.body, '<a href="/settings/data" download>Download your data</a>');
  t.match(page.body, '<form action="/settings/delete" method="post">');
});

t.test('a new password: at least 8 characters, and not a common one', async (t) => {
  const app = await buildTestApp(t);
  const visitor = new Visitor(app);
  const form = { username: 'alice', email: 'a@example.org' };
  const cases: [string, string][] = [
    ['short', 'Your password needs at least 8 characters'],
    ['ÅÅÅÅÅÅÅ', 'Your password needs at least 8 characters'],
    ['password', 'That password is one of the most common ones: please choose another'],
    ['BASEBALL', 'That password is one of the most common ones: please choose another'],
  ];
  for (const [password, error] of cases) {
    const page = await visitor.post('/register', { ...form, password, password2: password });
    t.match(page.body, `<strong>Error:</strong> ${error}`, password);
  }
  t.equal(await countRows(app.database, 'users'), 0, 'nobody registered');
  const accepted = await visitor.post('/register', {
    ...form,
    password: newPassword,
    password2: newPassword,
  });
  t.equal(accepted.location, '/login');
});

t.test(
  'changing the password needs the current one and ends every other session, on every replica',
  async (t) => {
    const [one, two] = await twoReplicas(t);
    const laptop = await signedIn(t, one, 'alice');
    const phone = new Visitor(two);
    t.equal(
      (await phone.post('/login', { username: 'alice', password: testPassword })).location,
      '/',
    );

    const refusals: [Record<string, string>, string][] = [
      [
        { current: 'wrong', password: newPassword, password2: newPassword },
        'That is not your current password',
      ],
      [
        { current: testPassword, password: 'short', password2: 'short' },
        'Your password needs at least 8 characters',
      ],
      [
        { current: testPassword, password: newPassword, password2: 'other' },
        'The two passwords do not match',
      ],
    ];
    for (const [form, error] of refusals) {
      const page = await laptop.post('/settings/password', form);
      t.equal(page.status, 200, error);
      t.match(
        page.body,
        `<div class="error" id="password-error"><strong>Error:</strong> ${error}</div>`,
      );
    }
    t.equal((await phone.get('/')).status, 200, 'a refused change ends nothing');

    const changed = await laptop.post('/settings/password', {
      current: testPassword,
      password: newPassword,
      password2: newPassword,
    });
    t.equal(changed.location, '/settings');
    const settings = await laptop.get('/settings');
    t.same(flashes(settings.body), [
      'Your password was changed, and every other session has ended',
    ]);
    t.match(settings.body, 'sign out [alice]', 'this session goes on');
    t.ok(
      await eventually(async () => (await phone.get('/')).location === '/public'),
      'the session on the other replica ended within moments (it hears it from the database)',
    );
    const old = await new Visitor(two).post('/login', {
      username: 'alice',
      password: testPassword,
    });
    t.match(old.body, 'Invalid password', 'the old password no longer signs in');
    const fresh = await new Visitor(two).post('/login', {
      username: 'alice',
      password: newPassword,
    });
    t.equal(fresh.location, '/', 'the new one does');
  },
);

t.test(
  'deleting the account needs the password; the user, messages and follows go, on every replica',
  async (t) => {
    const [one, two] = await twoReplicas(t);
    const alice = await signedIn(t, one, 'alice');
    const bob = await signedIn(t, two, 'bob');
    await alice.post('/add_message', { text: 'alice was here' });
    await alice.get('/bob/follow');
    await bob.get('/alice/follow');
    const phone = new Visitor(two);
    await phone.post('/login', { username: 'alice', password: testPassword });
    t.match((await bob.get('/public')).body, 'alice was here', 'replica two has the page cached');

    const refused = await alice.post('/settings/delete', { password: 'wrong' });
    t.match(refused.body, '<strong>Error:</strong> That is not your password');
    t.equal(await countRows(one.database, 'users'), 2, 'nothing deleted');

    const deleted = await alice.post('/settings/delete', { password: testPassword });
    t.equal(deleted.location, '/public');
    const publicPage = await alice.get('/public');
    t.same(flashes(publicPage.body), ['Your account was deleted, with your messages and follows']);
    t.match(publicPage.body, 'sign in', 'signed out');
    t.notMatch(publicPage.body, 'alice was here', 'gone from this replica at once');
    t.ok(
      await eventually(async () => !(await bob.get('/public')).body.includes('alice was here')),
      'and from the other within moments',
    );
    t.equal(await userByUsername(one.database, 'alice'), undefined);
    t.equal(await countRows(one.database, 'messages'), 0);
    t.equal(await countRows(one.database, 'follows'), 0);
    t.ok(
      await eventually(async () => (await phone.get('/')).location === '/public'),
      'her session on replica two ended within moments',
    );
    t.equal((await bob.get('/alice')).status, 404);
  },
);

t.test('download my data: profile, messages and follows as JSON, refused cross-site', async (t) => {
  const app = await buildTestApp(t);
  const alice = await signedIn(t, app, 'alice');
  await signUp(t, app, 'bob');
  await alice.post('/add_message', { text: 'first <b>' });
  await alice.post('/add_message', { text: 'second' });
  await alice.get('/bob/follow');
  const response = await app.inject({ url: '/settings/data', headers: { cookie: alice.cookie } });
  t.equal(response.statusCode, 200);
  t.equal(response.headers['content-disposition'], 'attachment; filename="minitwit-1.json"');
  t.equal(response.headers['cache-control'], 'no-store');
  const data = response.json<{
    profile: unknown;
    messages: { text: string; pubDate: string; flagged: boolean }[];
    following: string[];
    followers: string[];
  }>();
  t.same(data.profile, { username: 'alice', email: 'alice@example.org' });
  t.same(
    data.messages.map(({ text, flagged }) => ({ text, flagged })),
    [
      { text: 'first <b>', flagged: false },
      { text: 'second', flagged: false },
    ],
  );
  t.ok(
    data.messages.every((message) => !Number.isNaN(Date.parse(message.pubDate))),
    'dated',
  );
  t.same(data.following, ['bob']);
  t.same(data.followers, []);

  const crossSite = await alice.get('/settings/data', { 'sec-fetch-site': 'cross-site' });
  t.equal(crossSite.status, 403, 'another site cannot make a browser fetch it');
});

t.test('the account forms are limited per address as sign-in is', async (t) => {
  const app = await buildTestApp(t, { SIGN_IN_ATTEMPTS_PER_MINUTE: '2' });
  const alice = await signedIn(t, app, 'alice');
  for (const url of ['/settings/password', '/settings/delete']) {
    await alice.post(url, { current: 'guess', password: 'guess' });
    await alice.post(url, { current: 'guess', password: 'guess' });
    t.equal((await alice.post(url, { current: 'guess', password: 'guess' })).status, 429, url);
  }
  await alice.get('/settings/data');
  await alice.get('/settings/data');
  t.equal((await alice.get('/settings/data')).status, 429, '/settings/data');
  t.equal(await countRows(app.database, 'users'), 1, 'alice is still there');
});
