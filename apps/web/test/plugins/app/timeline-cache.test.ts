import { eventually } from '@minitwit/local-postgres';
import t from 'tap';
import type { App } from '../../../src/app.js';
import { flashes, signedIn, twoReplicas, Visitor } from '../../helper.js';

/** The message texts a page shows, newest first. */
async function shown(app: App, url: string): Promise<string[]> {
  const { body } = await new Visitor(app).get(url);
  return [...body.matchAll(/<\/a><\/strong>\s*(.*?)\s*<small>/gs)].map((match) => match[1] ?? '');
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
