import { countRows } from '@minitwit/db';
import { verifyPassword } from '@minitwit/passwords';
import t from 'tap';
import { asSimulator, buildTestApp } from '../helper.js';

const newUser = { username: 'Zoë Ångström', email: 'zoe@example.org', pwd: `p"a'ss\\w[o]rd` };

t.test('a registration answers 204 with no body and stores an argon2id hash', async (t) => {
  const app = await buildTestApp(t);
  const response = await app.inject({
    method: 'POST',
    url: '/register',
    headers: asSimulator,
    payload: newUser,
  });
  t.equal(response.statusCode, 204);
  t.equal(response.body, '');

  const {
    rows: [user],
  } = await app.database.sql<{ email: string; passwordHash: string }>`
    SELECT email, password_hash AS "passwordHash" FROM users WHERE username = ${newUser.username}`;
  if (!user) throw new Error('the user was not stored');
  t.equal(user.email, newUser.email);
  t.match(user.passwordHash, /^\$argon2id\$/);
  t.ok(await verifyPassword(user.passwordHash, newUser.pwd), 'the password verifies');
  t.notOk(await verifyPassword(user.passwordHash, 'wrong'), 'another password does not');
});

t.test('registration refuses requests without the simulator credentials', async (t) => {
  const app = await buildTestApp(t);
  const wrong = `Basic ${Buffer.from('simulator:wrong').toString('base64')}`;
  for (const headers of [{}, { authorization: wrong }, { authorization: 'Bearer x' }]) {
    const response = await app.inject({
      method: 'POST',
      url: '/register',
      headers,
      payload: newUser,
    });
    t.equal(response.statusCode, 403, JSON.stringify(headers));
    t.same(response.json(), {
      status: 403,
      error_msg: 'You are not authorized to use this resource!',
    });
    t.notOk(response.headers['www-authenticate'], 'no browser prompt');
  }
  t.equal(await countRows(app.database, 'users'), 0, 'nobody was registered');
});

t.test('registration errors come in the contract order with its exact texts', async (t) => {
  const app = await buildTestApp(t);
  const cases: [string, object, string][] = [
    ['everything missing', {}, 'You have to enter a username'],
    ['an empty username', { ...newUser, username: '' }, 'You have to enter a username'],
    ['no email and no password', { username: 'a' }, 'You have to enter a valid email address'],
    [
      'an email without @',
      { ...newUser, email: 'zoe.example.org' },
      'You have to enter a valid email address',
    ],
    ['no password', { ...newUser, pwd: undefined }, 'You have to enter a password'],
    ['an empty password', { ...newUser, pwd: '' }, 'You have to enter a password'],
  ];
  for (const [name, payload, message] of cases) {
    const response = await app.inject({
      method: 'POST',
      url: '/register',
      headers: asSimulator,
      payload,
    });
    t.equal(response.statusCode, 400, name);
    t.same(response.json(), { status: 400, error_msg: message }, name);
  }
  t.equal(await countRows(app.database, 'users'), 0, 'nothing was stored');
});

t.test('a taken username answers 400 and keeps the first user', async (t) => {
  const app = await buildTestApp(t);
  await app.inject({ method: 'POST', url: '/register', headers: asSimulator, payload: newUser });
  const again = await app.inject({
    method: 'POST',
    url: '/register',
    headers: asSimulator,
    payload: { ...newUser, email: 'other@example.org' },
  });
  t.equal(again.statusCode, 400);
  t.same(again.json(), { status: 400, error_msg: 'The username is already taken' });
  const { rows: users } = await app.database.sql<{ email: string }>`SELECT email FROM users`;
  t.equal(users.length, 1);
  t.equal(users[0]?.email, newUser.email);
});

t.test('one name, whatever its case, Unicode form or surrounding spaces', async (t) => {
  const app = await buildTestApp(t);
  const register = (username: string) =>
    app.inject({
      method: 'POST',
      url: '/register',
      headers: asSimulator,
      payload: { ...newUser, username },
    });
  t.equal((await register('  Roger Histand ')).statusCode, 204);
  for (const variant of [
    'roger histand',
    'ROGER HISTAND',
    'Ｒｏｇｅｒ Ｈｉｓｔａｎｄ',
    'Roger Histand ',
  ]) {
    const response = await register(variant);
    t.equal(response.statusCode, 400, variant);
    t.same(response.json(), { status: 400, error_msg: 'The username is already taken' }, variant);
  }
  const { rows } = await app.database.sql<{ username: string }>`SELECT username FROM users`;
  t.same(rows, [{ username: 'Roger Histand' }], 'one user, the name stored trimmed');
  const messages = await app.inject({
    method: 'GET',
    url: `/msgs/${encodeURIComponent('roger histand')}`,
    headers: asSimulator,
  });
  t.equal(messages.statusCode, 200, 'any form of the name finds the user');
});

t.test("a name too long, invisible or the site's own is refused with its text", async (t) => {
  const app = await buildTestApp(t);
  const cases: [string, string][] = [
    ['x'.repeat(41), 'The username can have at most 40 characters'],
    ['a\u202Eevil', 'The username cannot contain control or invisible characters'],
    ['zero\u200Bwidth', 'The username cannot contain control or invisible characters'],
    ['public', 'The username is reserved for the site itself'],
    ['LOGIN', 'The username is reserved for the site itself'],
    ['ｓｔａｔｉｃ', 'The username is reserved for the site itself'],
  ];
  for (const [username, message] of cases) {
    const response = await app.inject({
      method: 'POST',
      url: '/register',
      headers: asSimulator,
      payload: { ...newUser, username },
    });
    t.equal(response.statusCode, 400, JSON.stringify(username));
    t.same(response.json(), { status: 400, error_msg: message }, JSON.stringify(username));
  }
  t.equal(await countRows(app.database, 'users'), 0, 'nothing was stored');
  const longest = '🇩🇰'.repeat(40);
  const accepted = await app.inject({
    method: 'POST',
    url: '/register',
    headers: asSimulator,
    payload: { ...newUser, username: longest },
  });
  t.equal(accepted.statusCode, 204, '40 characters as a person counts them (80 code points)');
});

t.test(
  'racing registrations of one name end with one 204 and the rest 400, never 500',
  async (t) => {
    const app = await buildTestApp(t);
    const racers = 8;
    const responses = await Promise.all(
      Array.from({ length: racers }, (_, i) =>
        app.inject({
          method: 'POST',
          url: '/register',
          headers: asSimulator,
          payload: { ...newUser, email: `racer${i}@example.org` },
        }),
      ),
    );
    const statuses = responses.map((response) => response.statusCode).sort();
    t.same(statuses, [204, ...Array<number>(racers - 1).fill(400)]);
    for (const response of responses.filter((r) => r.statusCode === 400)) {
      t.same(response.json(), { status: 400, error_msg: 'The username is already taken' });
    }
    t.equal(await countRows(app.database, 'users'), 1);
  },
);

t.test('bodies that are not JSON objects of strings get 400 in the contract shape', async (t) => {
  const app = await buildTestApp(t);
  const cases = [
    { name: 'malformed JSON', body: '{"username": "a",', type: 'application/json' },
    { name: 'an empty JSON body', body: '', type: 'application/json' },
    { name: 'a JSON array', body: '["a"]', type: 'application/json' },
    {
      name: 'a number for the username',
      body: '{"username": 5, "email": "a@b", "pwd": "x"}',
      type: 'application/json',
    },
    {
      name: 'a form body',
      body: 'username=a&email=a%40b&pwd=x',
      type: 'application/x-www-form-urlencoded',
    },
    { name: 'plain text', body: 'hello', type: 'text/plain' },
  ];
  for (const { name, body, type } of cases) {
    const response = await app.inject({
      method: 'POST',
      url: '/register',
      headers: { ...asSimulator, 'content-type': type },
      body,
    });
    t.equal(response.statusCode, 400, name);
    const error = response.json<{ status: number; error_msg: string }>();
    t.equal(error.status, 400, `${name}: status in the body`);
    t.type(error.error_msg, 'string', `${name}: a message`);
    t.ok(error.error_msg.length > 0, `${name}: a message that says something`);
  }
  t.equal(await countRows(app.database, 'users'), 0, 'nothing was stored');
});
