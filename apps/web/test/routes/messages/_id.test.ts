import { createDatabaseClient, setModerator } from '@minitwit/db';
import { createTestDatabase } from '@minitwit/local-postgres';
import type { Test } from 'tap';
import t from 'tap';
import { buildTestAppOn, flashes, signedIn, Visitor } from '../../helper.js';

/** A site with a moderator (alice), a user (bob) and a message of each. */
async function site(t: Test) {
  const database = await createTestDatabase();
  t.teardown(() => database.drop());
  const app = await buildTestAppOn(t, database);
  const db = createDatabaseClient({ url: database.url, poolSize: 1 });
  t.teardown(() => db.close());
  const alice = await signedIn(t, app, 'alice');
  const bob = await signedIn(t, app, 'bob');
  await setModerator(db, 'alice', true);
  await bob.post('/add_message', { text: 'something abusive' });
  await alice.post('/add_message', { text: 'a friendly word' });
  // Their own pages take the "recorded" flashes, as a browser following the redirect would.
  await bob.get('/');
  await alice.get('/');
  const { rows } = await db.sql<{ id: number; text: string }>`SELECT id, text FROM messages`;
  const idOf = (text: string) => rows.find((row) => row.text === text)?.id ?? 0;
  return {
    app,
    db,
    alice,
    bob,
    abusive: idOf('something abusive'),
    friendly: idOf('a friendly word'),
  };
}

const flagControls = (body: string) =>
  [...body.matchAll(/<form class="flag" method="post" action="\/messages\/(\d+)\/flag">/g)].map(
    (match) => Number(match[1]),
  );

t.test('moderators see a flag control on every message; nobody else does', async (t) => {
  const { app, alice, bob, abusive, friendly } = await site(t);
  for (const path of ['/public', '/bob', '/']) {
    t.same(flagControls((await bob.get(path)).body), [], `not for a user, on ${path}`);
  }
  t.same(flagControls((await new Visitor(app).get('/public')).body), [], 'not for a visitor');
  t.same(flagControls((await alice.get('/public')).body), [friendly, abusive]);
  t.same(flagControls((await alice.get('/bob')).body), [abusive]);
  t.same(flagControls((await alice.get('/')).body), [friendly]);
  // And the cached pages others get still have none after a moderator's visit.
  t.same(flagControls((await bob.get('/public')).body), []);
});

t.test('a moderator flags a message: it vanishes at once, and the flag is recorded', async (t) => {
  const { app, db, alice, abusive } = await site(t);
  const visitor = new Visitor(app);
  t.match((await visitor.get('/public')).body, 'something abusive', 'cached for visitors');

  const flagged = await alice.post(`/messages/${abusive}/flag`, {
    next: '/bob',
    reason: '  insults  ',
  });
  t.equal(flagged.location, '/bob', 'back to the page flagged from');
  t.same(flashes((await alice.get('/bob')).body), [
    'The message was flagged: it is hidden from every timeline',
  ]);
  for (const path of ['/public', '/bob']) {
    t.notMatch((await visitor.get(path)).body, 'something abusive', `gone from ${path}`);
  }
  t.notMatch((await alice.get('/public')).body, 'something abusive');

  const { rows } = await db.sql<{ actor: string; moderatorId: number; reason: string }>`
    SELECT actor, moderator_id AS "moderatorId", reason FROM moderation_actions
    WHERE message_id = ${abusive} AND flagged`;
  const { rows: moderator } = await db.sql<{
    id: number;
  }>`SELECT id FROM users WHERE username = 'alice'`;
  t.same(rows, [{ actor: 'web:alice', moderatorId: moderator[0]?.id, reason: 'insults' }]);
  t.match((await app.inject('/metrics')).body, /^minitwit_moderation_actions\{action="flag"\} 1$/m);

  const again = await alice.post(`/messages/${abusive}/flag`, {});
  t.equal(again.location, '/public');
  t.same(flashes((await alice.get('/public')).body), ['The message was already flagged']);
  const { rows: count } = await db.sql<{
    n: number;
  }>`SELECT count(*)::integer AS n FROM moderation_actions`;
  t.same(count, [{ n: 1 }], 'a flag that changed nothing is not recorded again');
});

t.test('anyone but a moderator is refused, and the message stays', async (t) => {
  const { app, db, alice, bob, abusive } = await site(t);
  const forged = await bob.post(`/messages/${abusive}/flag`, { next: '/public' });
  t.equal(forged.status, 403);
  t.match(forged.body, 'Only moderators can flag messages.');
  const anonymous = await new Visitor(app).post(`/messages/${abusive}/flag`, {});
  t.equal(anonymous.status, 401);
  // A moderator's browser tricked by another site into posting the form.
  const crossSite = await alice.post(
    `/messages/${abusive}/flag`,
    {},
    { 'sec-fetch-site': 'cross-site' },
  );
  t.equal(crossSite.status, 403);
  t.match((await new Visitor(app).get('/public')).body, 'something abusive');
  const { rows } = await db.sql<{
    flagged: boolean;
  }>`SELECT flagged FROM messages WHERE id = ${abusive}`;
  t.same(rows, [{ flagged: false }]);
});

t.test('a flag of nothing, or with a way off the site, is a clear error', async (t) => {
  const { alice, abusive } = await site(t);
  const missing = await alice.post('/messages/999999/flag', {});
  t.equal(missing.status, 404);
  t.match(missing.body, 'There is no message 999999.');
  for (const next of ['//evil.example/', '/\\evil.example', 'https://evil.example/']) {
    const page = await alice.post(`/messages/${abusive}/flag`, { next });
    t.equal(page.status, 400, next);
  }
  t.equal((await alice.post('/messages/0/flag', {})).status, 400);
  t.equal((await alice.post('/messages/abc/flag', {})).status, 400);
});

t.test(
  'a return path with white space or a control character is refused, and nothing is flagged',
  async (t) => {
    const { alice, db, abusive } = await site(t);
    for (const next of [
      '/\t/evil.example', // browsers drop the tab: //evil.example
      '/\n/evil.example',
      '/public\r\nX-Injected: 1', // no header can carry it
      '/ /evil.example',
      '/\u00a0public',
      '/public\u0085',
      '/public\u2028',
      '/public\u0000',
    ]) {
      const page = await alice.post(`/messages/${abusive}/flag`, { next });
      // Encoded: a line separator in a test's name would end its TAP line.
      t.equal(page.status, 400, encodeURIComponent(next));
      t.match(page.body, 'must match format', 'a page saying what is wrong');
      t.equal(page.location, undefined);
    }
    const { rows } = await db.sql<{ flagged: boolean; actions: number }>`
    SELECT flagged, (SELECT count(*) FROM moderation_actions)::int AS actions
    FROM messages WHERE id = ${abusive}`;
    t.same(rows, [{ flagged: false, actions: 0 }], 'no flag, and none recorded');
    const fine = await alice.post(`/messages/${abusive}/flag`, { next: '/bob?before=1_2#m' });
    t.equal(fine.location, '/bob?before=1_2#m', 'a path with a query and a fragment returns there');
  },
);
