import { moderateMessages, timelineListenerName } from '@minitwit/db';
import { createTestDatabase, eventually } from '@minitwit/local-postgres';
import t, { type Test } from 'tap';
import type { App } from '../../../src/app.js';
import { asSimulator, buildTestApp, buildTestAppOn, registerUser } from '../../helper.js';

/** Two API replicas on one database, as the stack runs them, each listening for changes. */
async function twoReplicas(t: Test) {
  const database = await createTestDatabase();
  t.teardown(() => database.drop());
  const replicas = [await buildTestAppOn(t, database), await buildTestAppOn(t, database)] as const;
  await listening(t, replicas);
  return replicas;
}

async function listening(t: Test, replicas: readonly App[]) {
  t.ok(
    await eventually(() => replicas.every((app) => app.timelineCache.listening)),
    'the replicas listen for timeline changes',
  );
}

/** The texts a replica lists at `url`. */
async function texts(app: App, url: string): Promise<string[]> {
  const response = await app.inject({ method: 'GET', url, headers: asSimulator });
  return response.json<{ content: string }[]>().map((message) => message.content);
}

/** A counter's value on a replica's /metrics. */
async function metric(app: App, name: string): Promise<number> {
  const { body } = await app.inject({ method: 'GET', url: '/metrics' });
  const found = new RegExp(`^${name}\\{service="api"\\} (\\d+)$`, 'm').exec(body);
  return Number(found?.[1]);
}

async function post(app: App, username: string, content: string) {
  const response = await app.inject({
    method: 'POST',
    url: `/msgs/${username}`,
    headers: asSimulator,
    payload: { content },
  });
  if (response.statusCode !== 204) throw new Error(`posting failed: ${response.body}`);
}

t.test('a message posted through one replica is listed by both', async (t) => {
  const [writer, other] = await twoReplicas(t);
  await registerUser(t, writer, 'ada');
  await post(writer, 'ada', 'first');
  // Both replicas cache the lists as they are now.
  for (const app of [writer, other]) {
    t.ok(await eventually(async () => (await texts(app, '/msgs')).includes('first')));
    await texts(app, '/msgs/ada');
  }

  await post(writer, 'ada', 'second');
  t.same(await texts(writer, '/msgs'), ['second', 'first'], 'the writer lists it at once');
  t.same(await texts(writer, '/msgs/ada'), ['second', 'first'], "and on the author's list");
  t.ok(
    await eventually(async () => (await texts(other, '/msgs')).includes('second')),
    'the other replica lists it as soon as it hears of it',
  );
  t.ok(await eventually(async () => (await texts(other, '/msgs/ada')).join() === 'second,first'));
});

t.test('repeated reads are served from memory, and counted', async (t) => {
  const app = await buildTestApp(t);
  await listening(t, [app]);
  await registerUser(t, app, 'ada');
  await post(app, 'ada', 'hello');
  // The post invalidated at once, then its notification came back.
  t.ok(
    await eventually(
      async () => (await metric(app, 'minitwit_timeline_cache_invalidations_total')) === 2,
    ),
  );
  const hitsBefore = await metric(app, 'minitwit_timeline_cache_hits_total');
  const missesBefore = await metric(app, 'minitwit_timeline_cache_misses_total');
  for (let read = 0; read < 20; read++) t.same(await texts(app, '/msgs?no=5'), ['hello']);
  t.equal(
    await metric(app, 'minitwit_timeline_cache_misses_total'),
    missesBefore + 1,
    'one read from the database',
  );
  t.equal(
    await metric(app, 'minitwit_timeline_cache_hits_total'),
    hitsBefore + 19,
    'then 19 from memory',
  );
  t.equal(await metric(app, 'minitwit_timeline_cache_listening'), 1);
});

t.test(
  'a message an operator flags vanishes from every cached list, and comes back unflagged',
  async (t) => {
    const [writer, other] = await twoReplicas(t);
    await registerUser(t, writer, 'ada');
    await post(writer, 'ada', 'fine');
    await post(writer, 'ada', 'abusive');
    for (const app of [writer, other]) {
      t.ok(await eventually(async () => (await texts(app, '/msgs')).length === 2));
      t.same(await texts(app, '/msgs/ada'), ['abusive', 'fine']);
    }
    // As the operators' command line does it: in the database, through neither replica.
    const { rows } = await writer.database.sql<{ id: number }>`
      SELECT id FROM messages WHERE text = 'abusive'`;
    const moderation = { messageIds: rows.map((row) => row.id), moderator: { operator: 'tester' } };
    await moderateMessages(writer.database, { ...moderation, flagged: true });
    for (const [name, app] of [
      ['writer', writer],
      ['other', other],
    ] as const) {
      t.ok(
        await eventually(async () => (await texts(app, '/msgs')).join() === 'fine'),
        `gone from the public list (${name})`,
      );
      // Each list hears of it by itself: the public one may have been read afresh for another reason.
      t.ok(
        await eventually(async () => (await texts(app, '/msgs/ada')).join() === 'fine'),
        `gone from the author's list (${name})`,
      );
    }
    await moderateMessages(writer.database, { ...moderation, flagged: false });
    for (const [name, app] of [
      ['writer', writer],
      ['other', other],
    ] as const) {
      t.ok(
        await eventually(async () => (await texts(app, '/msgs/ada')).join() === 'abusive,fine'),
        `back in the author's list once unflagged (${name})`,
      );
    }
  },
);

t.test(
  'a replica whose listening connection is killed reads from the database, then listens again',
  async (t) => {
    const [writer, other] = await twoReplicas(t);
    await registerUser(t, writer, 'ada');
    await post(writer, 'ada', 'hidden for now');
    await writer.database.sql`UPDATE messages SET flagged = TRUE`;
    t.ok(await eventually(async () => (await texts(other, '/msgs')).length === 0));
    t.same(await texts(other, '/msgs'), [], 'cached: nothing to show');

    await writer.database.sql`
    SELECT pg_terminate_backend(pid) FROM pg_stat_activity
    WHERE datname = current_database() AND application_name = ${timelineListenerName}`;
    t.ok(await eventually(() => !other.timelineCache.listening), 'it knows it no longer listens');
    t.equal(await metric(other, 'minitwit_timeline_cache_listening'), 0, 'and says so on /metrics');
    // Unheard by anyone: no replica listens now.
    await writer.database.sql`UPDATE messages SET flagged = FALSE`;
    t.same(await texts(other, '/msgs'), ['hidden for now'], 'not the cached list: the database');

    t.ok(await eventually(() => other.timelineCache.listening, { seconds: 15 }), 'listening again');
    t.same(await texts(other, '/msgs'), ['hidden for now']);
    await writer.database.sql`UPDATE messages SET flagged = TRUE`;
    t.ok(
      await eventually(async () => (await texts(other, '/msgs')).length === 0),
      'and changes reach its cache again',
    );
  },
);
