import { countRows } from '@minitwit/db';
import t, { type Test } from 'tap';
import { Visitor, buildTestApp, signUp, signedIn } from '../../helper.js';
import type { App } from '../../../src/app.js';

const origin = 'http://localhost:80';

/** Every state-changing request a signed-in visitor can make, and how to see that it did nothing. */
const requests = [
  {
    name: 'POST /add_message',
    send: (v: Visitor, h: Record<string, string>) => v.post('/add_message', { text: 'forged' }, h),
  },
  {
    name: 'GET /bob/follow',
    send: (v: Visitor, h: Record<string, string>) => v.get('/bob/follow', h),
  },
  {
    name: 'POST /bob/follow',
    send: (v: Visitor, h: Record<string, string>) => v.post('/bob/follow', {}, h),
  },
  {
    name: 'GET /carol/unfollow',
    send: (v: Visitor, h: Record<string, string>) => v.get('/carol/unfollow', h),
  },
  {
    name: 'POST /carol/unfollow',
    send: (v: Visitor, h: Record<string, string>) => v.post('/carol/unfollow', {}, h),
  },
];

async function world(t: Test) {
  const app = await buildTestApp(t);
  const alice = await signedIn(t, app, 'alice');
  await signUp(t, app, 'bob');
  await signUp(t, app, 'carol');
  await alice.get('/carol/follow');
  return { app, alice };
}

const state = async (app: App) => ({
  messages: await countRows(app.database, 'messages'),
  follows: (await app.database.sql`SELECT follower_id, followed_id FROM follows ORDER BY 1, 2`)
    .rows,
});

t.test(
  'cross-site requests that would change state are refused with 403 and change nothing',
  async (t) => {
    const { app, alice } = await world(t);
    const before = await state(app);
    const forgeries: Record<string, string>[] = [
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { 'sec-fetch-site': 'cross-site', origin },
      { origin: 'https://evil.example' },
      { origin: 'null' },
    ];
    for (const { name, send } of requests) {
      for (const headers of forgeries) {
        const page = await send(alice, headers);
        t.equal(page.status, 403, `${name} with ${JSON.stringify(headers)}`);
      }
    }
    t.same(await state(app), before, 'nothing changed');
    const signUpForged = await new Visitor(app).post(
      '/register',
      { username: 'mallory', email: 'm@example.org', password: 'x', password2: 'x' },
      { 'sec-fetch-site': 'cross-site' },
    );
    t.equal(signUpForged.status, 403, 'a forged sign-up too');
    t.equal(await countRows(app.database, 'users'), 3);
  },
);

t.test('same-origin browser requests and requests without either header pass', async (t) => {
  const { app, alice } = await world(t);
  const passing: Record<string, string>[] = [
    { 'sec-fetch-site': 'same-origin' },
    { origin },
    {},
    { 'sec-fetch-site': 'none' },
  ];
  for (const headers of passing) {
    const page = await alice.post(
      '/add_message',
      { text: `ok ${JSON.stringify(headers)}` },
      headers,
    );
    t.equal(page.status, 302, JSON.stringify(headers));
  }
  t.equal(await countRows(app.database, 'messages'), 4);
  const follow = await alice.get('/bob/follow', { 'sec-fetch-site': 'same-origin' });
  t.equal(follow.status, 302);
  t.equal(await countRows(app.database, 'follows'), 2);
});

t.test('reading pages cross-site is fine: links from other sites work', async (t) => {
  const { alice } = await world(t);
  for (const url of ['/', '/public', '/bob']) {
    const page = await alice.get(url, {
      'sec-fetch-site': 'cross-site',
      origin: 'https://elsewhere.example',
    });
    t.equal(page.status, 200, url);
  }
});
