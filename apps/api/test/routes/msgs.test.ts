import { countRows } from '@minitwit/db';
import t from 'tap';
import { asSimulator, buildTestApp, registerUser, userUrl } from '../helper.js';

const forbidden = { status: 403, error_msg: 'You are not authorized to use this resource!' };

t.test('every /msgs endpoint refuses requests without the simulator credentials', async (t) => {
  const app = await buildTestApp(t);
  await registerUser(t, app, 'alice');
  const wrong = `Basic ${Buffer.from('simulator:wrong').toString('base64')}`;
  const requests = [
    { method: 'GET', url: '/msgs' },
    { method: 'GET', url: '/msgs/alice' },
    { method: 'POST', url: '/msgs/alice', payload: { content: 'hi' } },
  ] as const;
  for (const request of requests) {
    for (const headers of [{}, { authorization: wrong }, { authorization: 'Bearer x' }]) {
      const response = await app.inject({ ...request, headers });
      t.equal(response.statusCode, 403, `${request.method} ${request.url}`);
      t.same(response.json(), forbidden);
      t.notOk(response.headers['www-authenticate'], 'no browser prompt');
    }
  }
  t.equal(await countRows(app.database, 'messages'), 0, 'nothing was posted');
});

t.test('posting and reading messages with a percent-encoded non-ASCII username', async (t) => {
  const app = await buildTestApp(t);
  const username = 'Zoë Ångström';
  await registerUser(t, app, username);

  const posted = await app.inject({
    method: 'POST',
    url: userUrl('msgs', username),
    headers: asSimulator,
    payload: { content: 'Hallå <b>världen</b> & "vänner" 🚀' },
  });
  t.equal(posted.statusCode, 204);
  t.equal(posted.body, '');

  const own = await app.inject({ url: userUrl('msgs', username), headers: asSimulator });
  t.equal(own.statusCode, 200);
  const [message, ...rest] = own.json<{ content: string; pub_date: string; user: string }[]>();
  t.same(rest, []);
  t.equal(message?.content, 'Hallå <b>världen</b> & "vänner" 🚀');
  t.equal(message?.user, username);
  t.match(message?.pub_date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/, 'ISO-8601 in UTC');
  t.ok(Math.abs(Date.parse(message?.pub_date ?? '') - Date.now()) < 60_000, 'dated now');
});

t.test('timelines are newest first, skip flagged messages, and honour no', async (t) => {
  const app = await buildTestApp(t);
  await registerUser(t, app, 'alice');
  await registerUser(t, app, 'bob');
  for (let i = 1; i <= 6; i++) {
    const author = i % 2 ? 'alice' : 'bob';
    const response = await app.inject({
      method: 'POST',
      url: `/msgs/${author}`,
      headers: asSimulator,
      payload: { content: `message ${i}` },
    });
    t.equal(response.statusCode, 204);
  }
  await app.database.sql`UPDATE messages SET flagged = TRUE WHERE text = 'message 5'`;

  const contents = async (url: string) =>
    (await app.inject({ url, headers: asSimulator }))
      .json<{ content: string }[]>()
      .map((message) => message.content);

  t.same(await contents('/msgs'), [
    'message 6',
    'message 4',
    'message 3',
    'message 2',
    'message 1',
  ]);
  t.same(await contents('/msgs?no=2'), ['message 6', 'message 4']);
  t.same(await contents('/msgs?no=0'), []);
  t.same(await contents('/msgs/alice'), ['message 3', 'message 1']);
  t.same(await contents('/msgs/bob?no=1'), ['message 6']);
  for (const no of ['-1', 'abc', '1.5', '']) {
    t.equal((await contents(`/msgs?no=${no}`)).length, 5, `no=${no} falls back to the default`);
  }
});

t.test('no defaults to 100 and is capped at 1000', async (t) => {
  const app = await buildTestApp(t);
  await registerUser(t, app, 'prolific');
  await app.database.sql`
    INSERT INTO messages (author_id, text)
    SELECT u.id, 'm' || i FROM users u, generate_series(0, 1004) AS i WHERE u.username = 'prolific'`;
  const count = async (url: string) =>
    (await app.inject({ url, headers: asSimulator })).json<unknown[]>().length;
  t.equal(await count('/msgs'), 100);
  t.equal(await count('/msgs/prolific'), 100);
  t.equal(await count('/msgs?no=1003'), 1000);
  t.equal(await count('/msgs/prolific?no=99999999999999999999999'), 1000);
});

t.test('unknown users get 404 in the contract shape and nothing is stored', async (t) => {
  const app = await buildTestApp(t);
  const read = await app.inject({ url: userUrl('msgs', 'nobody'), headers: asSimulator });
  t.equal(read.statusCode, 404);
  t.same(read.json(), { status: 404, error_msg: 'Unknown user: nobody' });
  const post = await app.inject({
    method: 'POST',
    url: userUrl('msgs', 'nobody'),
    headers: asSimulator,
    payload: { content: 'hi' },
  });
  t.equal(post.statusCode, 404);
  t.same(post.json(), { status: 404, error_msg: 'Unknown user: nobody' });
  t.equal(await countRows(app.database, 'messages'), 0);
});

t.test('a missing, empty or blank content is a 400', async (t) => {
  const app = await buildTestApp(t);
  await registerUser(t, app, 'alice');
  for (const payload of [{}, { content: '' }, { content: '   ' }, { content: '\n\t \r\n' }]) {
    const response = await app.inject({
      method: 'POST',
      url: '/msgs/alice',
      headers: asSimulator,
      payload,
    });
    t.equal(response.statusCode, 400);
    t.same(response.json(), { status: 400, error_msg: 'You have to enter a message' });
  }
  const notAString = await app.inject({
    method: 'POST',
    url: '/msgs/alice',
    headers: asSimulator,
    payload: { content: 5 },
  });
  t.equal(notAString.statusCode, 400);
  t.equal(notAString.json<{ status: number }>().status, 400);
  t.equal(await countRows(app.database, 'messages'), 0);
});

t.test('a message of at most 500 characters as a person counts them, and no more', async (t) => {
  const app = await buildTestApp(t);
  await registerUser(t, app, 'alice');
  const post = (content: string) =>
    app.inject({ method: 'POST', url: '/msgs/alice', headers: asSimulator, payload: { content } });
  // 500 family emoji: 5,500 UTF-16 units, 500 characters.
  for (const content of ['x'.repeat(500), '👨‍👩‍👧‍👦'.repeat(500), 'é'.repeat(500)]) {
    t.equal((await post(content)).statusCode, 204, `${content.length} UTF-16 units`);
  }
  for (const content of ['x'.repeat(501), '👨‍👩‍👧‍👦'.repeat(501), 'x'.repeat(60_000)]) {
    const response = await post(content);
    t.equal(response.statusCode, 400, `${content.length} UTF-16 units`);
    t.same(response.json(), {
      status: 400,
      error_msg: 'A message can have at most 500 characters',
    });
  }
  t.equal(await countRows(app.database, 'messages'), 3, 'only the three within the limit');
});
