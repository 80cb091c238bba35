import { countRows } from '@minitwit/db';
import t from 'tap';
import { Visitor, buildTestApp, flashes, profileCounts, signUp, signedIn } from '../helper.js';

t.test("a user's page: their messages, and the follow status the viewer sees", async (t) => {
  const app = await buildTestApp(t);
  const alice = await signedIn(t, app, 'alice');
  await signUp(t, app, 'bob');
  await alice.post('/add_message', { text: 'alice speaks' });

  const own = await alice.get('/alice');
  t.match(own.body, '<title>alice&#39;s Timeline | MiniTwit</title>');
  t.match(own.body, 'This is you!');
  t.match(own.body, 'alice speaks');

  const other = await alice.get('/bob');
  t.match(other.body, 'You are not yet following this user.');
  t.match(other.body, 'value="Follow user."');
  t.match(other.body, "There's no message so far.");

  const anonymous = await new Visitor(app).get('/alice');
  t.equal(anonymous.status, 200);
  t.match(anonymous.body, 'alice speaks');
  t.notMatch(anonymous.body, /following this user|This is you/, 'no follow status signed out');
});

t.test('follow and unfollow, by the classic GET links and by the page forms', async (t) => {
  const app = await buildTestApp(t);
  const alice = await signedIn(t, app, 'alice');
  await signUp(t, app, 'bob');

  for (const send of [(url: string) => alice.get(url), (url: string) => alice.post(url, {})]) {
    const followed = await send('/bob/follow');
    t.equal(followed.status, 302);
    t.equal(followed.location, '/bob');
    let page = await alice.get('/bob');
    t.same(flashes(page.body), ['You are now following &#34;bob&#34;']);
    t.match(page.body, 'You are currently following this user.');
    t.match(page.body, 'value="Unfollow user."');

    const unfollowed = await send('/bob/unfollow');
    t.equal(unfollowed.location, '/bob');
    page = await alice.get('/bob');
    t.same(flashes(page.body), ['You are no longer following &#34;bob&#34;']);
    t.match(page.body, 'You are not yet following this user.');
  }
  await alice.get('/bob/follow');
  await alice.get('/bob/follow');
  t.equal(await countRows(app.database, 'follows'), 1, 'following twice stores one follow');
});

t.test('unknown users are a friendly 404; following signed out is a 401', async (t) => {
  const app = await buildTestApp(t);
  const alice = await signedIn(t, app, 'alice');
  const missing = await alice.get('/nobody');
  t.equal(missing.status, 404);
  t.match(missing.body, '<title>Page Not Found | MiniTwit</title>');
  t.match(missing.body, 'There is no user nobody.');
  t.match(missing.body, 'sign out [alice]', 'the navigation still knows the visitor');
  t.equal((await alice.get('/nobody/follow')).status, 404);
  t.equal((await alice.get('/nobody/unfollow')).status, 404);

  const stranger = new Visitor(app);
  for (const url of ['/alice/follow', '/alice/unfollow']) {
    t.equal((await stranger.get(url)).status, 401, url);
  }
  t.equal(await countRows(app.database, 'follows'), 0);
});

t.test("any form of a user's name leads to their one page", async (t) => {
  const app = await buildTestApp(t);
  await signUp(t, app, 'Zoë Ångström');
  const visitor = new Visitor(app);
  const variant = await visitor.get(
    `/${encodeURIComponent('ZOË ÅNGSTRÖM')}?before=1700000000000_5`,
  );
  t.equal(variant.status, 302);
  t.equal(variant.location, `/${encodeURIComponent('Zoë Ångström')}?before=1700000000000_5`);
  const newer = await visitor.get(`/${encodeURIComponent('zoë ångström')}?after=1700000000000_5`);
  t.equal(newer.location, `/${encodeURIComponent('Zoë Ångström')}?after=1700000000000_5`);
  const page = await visitor.get(`/${encodeURIComponent('Zoë Ångström')}`);
  t.equal(page.status, 200);
  t.match(page.body, 'Zoë Ångström&#39;s Timeline');
});

t.test(
  "a user's page counts their messages, followers and those they follow, for anyone",
  async (t) => {
    const app = await buildTestApp(t);
    const alice = await signedIn(t, app, 'alice');
    const bob = await signedIn(t, app, 'bob');
    await alice.post('/add_message', { text: 'one' });
    await alice.post('/add_message', { text: 'two' });
    await bob.get('/alice/follow');
    const counts = async (visitor: Visitor, user: string) =>
      profileCounts((await visitor.get(`/${user}`)).body);
    t.equal(await counts(new Visitor(app), 'alice'), '2 messages 1 follower 0 following');
    t.equal(await counts(alice, 'bob'), '0 messages 0 followers 1 following');
    await alice.get('/bob/follow');
    t.equal(
      await counts(bob, 'alice'),
      '2 messages 1 follower 1 following',
      'at once, page cached or not',
    );
  },
);
