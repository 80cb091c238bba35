import { setModerator } from '@minitwit/db';
import { eventually } from '@minitwit/local-postgres';
import t from 'tap';
import type { App } from '../../../src/app.js';
import {
  flashes,
  messageTexts,
  profileCounts,
  signedIn,
  testPassword,
  twoReplicas,
  Visitor,
} from '../../helper.js';

/** The message texts a page shows, newest first. */
async function shown(app: App, url: string): Promise<string[]> {
  return messageTexts((await new Visitor(app).get(url)).body);
}

t.test(
  'a message posted on one replica is on both replicas’ public and user timelines',
  async (t) => {
    const [writer, other] = await twoReplicas(t);
    const ada = await signedIn(t, writer, 'ada');
    await ada.post('/add_message', { text: 'first' });
    for (const app of [writer, other]) {
      t.ok(await eventually(async () => (await shown(app, '/public')).includes('first')));
      await shown(app, '/ada');
    }

    await ada.post('/add_message', { text: 'second' });
    t.same(await shown(writer, '/public'), ['second', 'first'], 'the writer shows it at once');
    t.same(await shown(writer, '/ada'), ['second', 'first'], "and on the author's page");
    t.same(
      (await ada.get('/')).body.match(/second/g)?.length,
      1,
      "and on the author's own timeline",
    );
    t.ok(
      await eventually(async () => (await shown(other, '/public')).includes('second')),
      'the other replica shows it as soon as it hears of it',
    );
    t.ok(await eventually(async () => (await shown(other, '/ada')).join() === 'second,first'));
  },
);

t.test('a flagged message vanishes from every cached page', async (t) => {
  const [writer, other] = await twoReplicas(t);
  const ada = await signedIn(t, writer, 'ada');
  await ada.post('/add_message', { text: 'fine' });
  await ada.post('/add_message', { text: 'abusive' });
  for (const app of [writer, other]) {
    t.ok(await eventually(async () => (await shown(app, '/public')).length === 2));
    t.same(await shown(app, '/ada'), ['abusive', 'fine']);
  }
  await writer.database.sql`UPDATE messages SET flagged = TRUE WHERE text = 'abusive'`;
  for (const [name, app] of [
    ['writer', writer],
    ['other', other],
  ] as const) {
    t.ok(
      await eventually(async () => (await shown(app, '/public')).join() === 'fine'),
      `gone from the public timeline (${name})`,
    );
    // Each page hears of it by itself: the public one may have been read afresh for another reason.
    t.ok(
      await eventually(async () => (await shown(app, '/ada')).join() === 'fine'),
      `gone from the user's page (${name})`,
    );
  }
});

t.test('a cached user page still shows each visitor their own follow button', async (t) => {
  const [app] = await twoReplicas(t);
  const ada = await signedIn(t, app, 'ada');
  await ada.post('/add_message', { text: 'hello' });
  const bob = await signedIn(t, app, 'bob');
  const anonymous = new Visitor(app);

  t.notMatch((await anonymous.get('/ada')).body, 'followstatus', 'an anonymous visitor: no button');
  t.match((await ada.get('/ada')).body, 'This is you!');
  t.match((await bob.get('/ada')).body, 'value="Follow user."');
  await bob.post('/ada/follow', {});
  const followed = await bob.get('/ada');
  t.match(followed.body, 'value="Unfollow user."', 'following changes the button at once');
  t.same(flashes(followed.body), ['You are now following &#34;ada&#34;'], 'and the flash is there');
  t.match(followed.body, 'hello', 'on the same cached timeline');
  t.notMatch((await anonymous.get('/ada')).body, 'followstatus');
});

/** A cache's counter on a replica: minitwit_<cache>_cache_<what>_total. */
async function cacheCount(app: App, cache: string, what: 'hits' | 'misses'): Promise<number> {
  const metrics = (await app.inject('/metrics')).body;
  const line = new RegExp(`^minitwit_${cache}_cache_${what}_total\\{service="web"\\} (\\d+)$`, 'm');
  return Number(line.exec(metrics)?.[1]);
}

/** The message texts on a visitor's own timeline (`/`), newest first. */
async function home(visitor: Visitor): Promise<string[]> {
  return messageTexts((await visitor.get('/')).body);
}

t.test(
  'a home timeline comes from memory, and goes stale at once on the replica that changed it and within moments on the other',
  async (t) => {
    const [one, two] = await twoReplicas(t);
    const ada = await signedIn(t, one, 'ada');
    await ada.post('/add_message', { text: 'a1' });
    const zoeOnOne = await signedIn(t, one, 'zoe');
    const zoeOnTwo = new Visitor(two);
    await zoeOnTwo.post('/login', { username: 'zoe', password: testPassword });
    t.same(await home(zoeOnTwo), [], 'zoe follows nobody yet');

    await zoeOnOne.post('/ada/follow', {});
    t.same(await home(zoeOnOne), ['a1'], 'her follow shows at once where she made it');
    t.ok(
      await eventually(async () => (await home(zoeOnTwo)).join() === 'a1'),
      'and on the other replica within moments',
    );
    const missesBefore = await cacheCount(two, 'home', 'misses');
    const hitsBefore = await cacheCount(two, 'home', 'hits');
    for (let visit = 0; visit < 20; visit++) await home(zoeOnTwo);
    t.equal(await cacheCount(two, 'home', 'misses'), missesBefore, 'twenty visits: no read');
    t.equal(await cacheCount(two, 'home', 'hits'), hitsBefore + 20, 'all from memory');

    const adaOnTwo = new Visitor(two);
    await adaOnTwo.post('/login', { username: 'ada', password: testPassword });
    await adaOnTwo.post('/add_message', { text: 'a2' });
    t.same(await home(zoeOnTwo), ['a2', 'a1'], 'a followed author’s post: at once on its replica');
    t.ok(
      await eventually(async () => (await home(zoeOnOne)).join() === 'a2,a1'),
      'and within moments on the other',
    );

    await one.database.sql`UPDATE messages SET flagged = TRUE WHERE text = 'a1'`;
    for (const zoe of [zoeOnOne, zoeOnTwo]) {
      t.ok(await eventually(async () => (await home(zoe)).join() === 'a2'), 'a flag hides it');
    }
    await one.database.sql`UPDATE messages SET flagged = FALSE WHERE text = 'a1'`;
    for (const zoe of [zoeOnOne, zoeOnTwo]) {
      t.ok(
        await eventually(async () => (await home(zoe)).join() === 'a2,a1'),
        'an unflag shows it',
      );
    }

    await one.database.sql`UPDATE users SET username = 'ada lovelace' WHERE username = 'ada'`;
    for (const zoe of [zoeOnOne, zoeOnTwo]) {
      t.ok(
        await eventually(async () => (await zoe.get('/')).body.includes('>ada lovelace</a>')),
        'a followed author renamed: the new name',
      );
    }

    await zoeOnTwo.post(`/${encodeURIComponent('ada lovelace')}/unfollow`, {});
    t.same(await home(zoeOnTwo), [], 'her unfollow: at once where she made it');
    t.ok(await eventually(async () => (await home(zoeOnOne)).length === 0), 'and on the other');

    await zoeOnOne.post(`/${encodeURIComponent('ada lovelace')}/follow`, {});
    t.ok(await eventually(async () => (await home(zoeOnTwo)).join() === 'a2,a1'));
    await one.database.sql`DELETE FROM users WHERE username = 'ada lovelace'`;
    for (const zoe of [zoeOnOne, zoeOnTwo]) {
      t.ok(
        await eventually(async () => (await home(zoe)).length === 0),
        'a followed author deleted: gone from the home timeline',
      );
    }
  },
);

t.test(
  'session records come from memory; a change to one takes effect on every replica',
  async (t) => {
    const [one, two] = await twoReplicas(t);
    const ada = await signedIn(t, one, 'ada');
    await ada.post('/add_message', { text: 'hello' });
    const alice = await signedIn(t, one, 'alice');
    const aliceOnTwo = new Visitor(two);
    await aliceOnTwo.post('/login', { username: 'alice', password: testPassword });
    t.notMatch((await aliceOnTwo.get('/public')).body, 'class="flag"');

    const missesBefore = await cacheCount(two, 'session', 'misses');
    for (let visit = 0; visit < 20; visit++) await aliceOnTwo.get('/public');
    t.equal(
      await cacheCount(two, 'session', 'misses'),
      missesBefore,
      'twenty signed-in pages: no session read',
    );

    // As `pnpm minitwit moderator add alice` does, from outside both replicas.
    await setModerator(one.database, 'alice', true);
    for (const visitor of [alice, aliceOnTwo]) {
      t.ok(
        await eventually(async () => (await visitor.get('/public')).body.includes('class="flag"')),
        'made a moderator: the flag controls, on each replica',
      );
    }
    await setModerator(one.database, 'alice', false);
    for (const visitor of [alice, aliceOnTwo]) {
      t.ok(
        await eventually(async () => !(await visitor.get('/public')).body.includes('class="flag"')),
        'no longer one: none',
      );
    }

    await alice.get('/logout');
    t.ok(
      await eventually(async () => (await aliceOnTwo.get('/')).location === '/public'),
      'signing out everywhere ends the session on the other replica within moments',
    );
  },
);

/** The counts `user`'s page shows, to a visitor of `app`. */
async function counts(app: App, user: string): Promise<string | undefined> {
  return profileCounts((await new Visitor(app).get(`/${user}`)).body);
}

t.test(
  "a user page's counts come from memory and follow every change, on both replicas",
  async (t) => {
    const [one, two] = await twoReplicas(t);
    const ada = await signedIn(t, one, 'ada');
    const bob = await signedIn(t, one, 'bob');
    for (const app of [one, two]) {
      t.equal(await counts(app, 'ada'), '0 messages 0 followers 0 following');
      t.equal(await counts(app, 'bob'), '0 messages 0 followers 0 following');
    }
    const missesBefore = await cacheCount(two, 'timeline', 'misses');
    for (let visit = 0; visit < 20; visit++) await counts(two, 'ada');
    t.equal(await cacheCount(two, 'timeline', 'misses'), missesBefore, 'twenty visits: no read');

    await bob.post('/ada/follow', {});
    t.equal(await counts(one, 'ada'), '0 messages 1 follower 0 following', 'a follower: at once');
    t.equal(await counts(one, 'bob'), '0 messages 0 followers 1 following', 'and the follower’s');
    t.ok(
      await eventually(
        async () => (await counts(two, 'ada')) === '0 messages 1 follower 0 following',
      ),
      'and on the other replica within moments',
    );
    t.ok(
      await eventually(
        async () => (await counts(two, 'bob')) === '0 messages 0 followers 1 following',
      ),
    );

    await ada.post('/add_message', { text: 'hello' });
    t.equal(await counts(one, 'ada'), '1 message 1 follower 0 following', 'a message: at once');
    t.ok(
      await eventually(
        async () => (await counts(two, 'ada')) === '1 message 1 follower 0 following',
      ),
    );
    await two.database.sql`UPDATE messages SET flagged = TRUE`;
    for (const app of [one, two]) {
      t.ok(
        await eventually(
          async () => (await counts(app, 'ada')) === '0 messages 1 follower 0 following',
        ),
        'a flagged message is not counted',
      );
    }

    // From outside both replicas, as an operator's statement would.
    await one.database.sql`DELETE FROM follows`;
    for (const app of [one, two]) {
      t.ok(
        await eventually(
          async () => (await counts(app, 'ada')) === '0 messages 0 followers 0 following',
        ),
        'an unfollow',
      );
      t.ok(
        await eventually(
          async () => (await counts(app, 'bob')) === '0 messages 0 followers 0 following',
        ),
      );
    }
  },
);

t.test(
  "with Gravatar avatars, a followed author's new address changes their avatar on every cached page",
  async (t) => {
    const [one, two] = await twoReplicas(t, { AVATARS: 'gravatar' });
    const ada = await signedIn(t, one, 'ada');
    await ada.post('/add_message', { text: 'hello' });
    const zoe = await signedIn(t, two, 'zoe');
    await zoe.post('/ada/follow', {});
    // md5('ada@example.org') and md5('ada.lovelace@example.org')
    const before = 'https://www.gravatar.com/avatar/5bfcf2d8e394674550332640d72db509';
    const after = 'https://www.gravatar.com/avatar/a0897f0967cd4affeb515028a3447d04';
    const pages = [
      ['/', zoe],
      ['/public', new Visitor(two)],
      ['/ada', new Visitor(two)],
    ] as const;
    for (const [url, visitor] of pages) t.match((await visitor.get(url)).body, before, url);

    // As a change of address would, made through the other replica's database connection.
    await one.database
      .sql`UPDATE users SET email = 'ada.lovelace@example.org' WHERE username = 'ada'`;
    for (const [url, visitor] of pages) {
      t.ok(
        await eventually(async () => (await visitor.get(url)).body.includes(after)),
        `the new avatar on ${url}`,
      );
      t.notMatch((await visitor.get(url)).body, before);
    }
  },
);
