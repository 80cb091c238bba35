import { eventually } from '@minitwit/local-postgres';
import t, { type Test } from 'tap';
import {
  changePassword,
  createUser,
  type FollowChange,
  followUser,
  postMessage,
  setModerator,
  type TimelineChange,
  TimelineChangeListener,
  timelineChangesChannel,
  timelineListenerName,
} from '../src/index.js';
import { clientOn, testDatabase } from './helper.js';

/** A listener on `url` that records what it hears, closed when the test ends. */
function listenerOn(t: Test, url: string) {
  const heard: TimelineChange[] = [];
  const states: boolean[] = [];
  const listener = new TimelineChangeListener(
    { url, retryMs: 50 },
    { changed: (change) => heard.push(change), listening: (listening) => states.push(listening) },
  );
  listener.start();
  t.teardown(() => listener.close());
  /** Waits until `done` holds of what was heard. */
  const until = async (done: () => boolean, what: string) => {
    if (!(await eventually(done))) throw new Error(`never heard: ${what}`);
  };
  return { heard, states, until };
}

t.test('every change to what a timeline shows is heard, with its author', async (t) => {
  const database = await testDatabase(t);
  const db = clientOn(t, database.url, { poolSize: 2 });
  const { heard, states, until } = listenerOn(t, database.url);
  await until(() => states.at(-1) === true, 'listening');

  await createUser(db, { username: 'ada', email: 'ada@example.org', passwordHash: 'h' });
  await createUser(db, { username: 'bob', email: 'bob@example.org', passwordHash: 'h' });
  const { rows } = await db.sql<{ id: number }>`SELECT id FROM users ORDER BY id`;
  const [ada = 0, bob = 0] = rows.map((row) => row.id);
  t.same(heard, [], 'registering changes no timeline');

  const expectNext = async (
    change: () => Promise<unknown>,
    expected: TimelineChange[],
    what: string,
  ) => {
    heard.length = 0;
    await change();
    await until(() => heard.length >= expected.length, what);
    t.same(heard, expected, what);
  };
  await expectNext(() => postMessage(db, ada, 'hello'), [ada], 'a message posted');
  await expectNext(() => db.sql`UPDATE messages SET flagged = TRUE`, [ada], 'a message flagged');
  await expectNext(() => db.sql`UPDATE messages SET flagged = FALSE`, [ada], 'unflagged');
  await expectNext(
    () => db.sql`UPDATE messages SET author_id = ${bob}`,
    [ada, bob],
    'a message moved to another author: both',
  );
  await expectNext(
    () => db.sql`UPDATE users SET username = 'robert' WHERE id = ${bob}`,
    [bob],
    'a user renamed',
  );
  await expectNext(() => db.sql`DELETE FROM messages`, [bob], 'a message deleted');
  await expectNext(
    () =>
      db.sql`INSERT INTO messages (author_id, text) SELECT ${ada}, 'bulk ' || i FROM generate_series(1, 500) AS i`,
    [ada],
    '500 messages by one author in one statement: one notification',
  );

  heard.length = 0;
  await db.sql`UPDATE users SET password_hash = 'other', session_generation = 1`;
  await db.sql`SELECT pg_notify(${timelineChangesChannel}, 'marker')`;
  await until(() => heard.length > 0, 'the marker');
  t.same(
    heard,
    ['everyone'],
    "what timelines do not show (a password, a session) is not a change; an unknown payload means anyone's",
  );
});

t.test('follows and session records are heard on their own channels, naming whom', async (t) => {
  const database = await testDatabase(t);
  const db = clientOn(t, database.url, { poolSize: 2 });
  const follows: FollowChange[] = [];
  const sessions: TimelineChange[] = [];
  const timelines: TimelineChange[] = [];
  let listening = false;
  const listener = new TimelineChangeListener(
    { url: database.url, retryMs: 50 },
    {
      changed: (change) => timelines.push(change),
      followsChanged: (change) => follows.push(change),
      sessionChanged: (user) => sessions.push(user),
      listening: (now) => (listening = now),
    },
  );
  listener.start();
  t.teardown(() => listener.close());
  t.ok(await eventually(() => listening), 'listening');

  await createUser(db, { username: 'ada', email: 'ada@example.org', passwordHash: 'h' });
  await createUser(db, { username: 'bob', email: 'bob@example.org', passwordHash: 'h' });
  const { rows } = await db.sql<{ id: number }>`SELECT id FROM users ORDER BY id`;
  const [ada = 0, bob = 0] = rows.map((row) => row.id);

  await followUser(db, ada, bob);
  t.ok(await eventually(() => follows.length === 1), 'a follow');
  t.same(follows, [{ follower: ada, followed: bob }], 'names the follower and the followed');
  await db.sql`DELETE FROM follows`;
  t.ok(await eventually(() => follows.length === 2), 'an unfollow');
  t.same(follows[1], { follower: ada, followed: bob });
  // As the owner: the service's role may not empty tables.
  await clientOn(t, database.migrationUrl, { poolSize: 1 }).sql`TRUNCATE follows`;
  t.ok(await eventually(() => follows.length === 3), 'a table emptied');
  t.equal(follows[2], 'everyone');

  await changePassword(db, { id: ada, passwordHash: 'other' });
  await setModerator(db, 'bob', true);
  await db.sql`UPDATE users SET username = 'robert' WHERE id = ${bob}`;
  await db.sql`DELETE FROM users WHERE id = ${ada}`;
  t.ok(await eventually(() => sessions.length === 4), 'four session record changes');
  t.same(sessions, [ada, bob, bob, ada], 'a password, a moderator, a name, a deletion');
  t.notOk(timelines.includes('everyone'), 'none of it reached the timelines as anyone’s');
});

t.test('a killed listening connection is told, then listening resumes', async (t) => {
  const database = await testDatabase(t);
  const db = clientOn(t, database.url, { poolSize: 1 });
  const { heard, states, until } = listenerOn(t, database.url);
  await until(() => states.at(-1) === true, 'listening');

  // As the same role: a role may end its own connections.
  const { rowCount } = await db.sql`
    SELECT pg_terminate_backend(pid) FROM pg_stat_activity
    WHERE datname = current_database() AND application_name = ${timelineListenerName}`;
  t.equal(rowCount, 1, 'one listening connection, killed');
  await until(() => states.length >= 3, 'stopped, then listening again');
  t.same(states, [true, false, true], 'listening, not listening, listening again');

  await createUser(db, { username: 'ada', email: 'ada@example.org', passwordHash: 'h' });
  await db.sql`INSERT INTO messages (author_id, text) SELECT id, 'after' FROM users`;
  await until(() => heard.length > 0, 'a change after the reconnection');
  t.equal(heard.length, 1, 'changes are heard again');
});

t.test('closed, the listener stays closed and holds no connection', async (t) => {
  const database = await testDatabase(t);
  const admin = clientOn(t, database.migrationUrl, { poolSize: 1 });
  const states: boolean[] = [];
  const listener = new TimelineChangeListener(
    { url: database.url, retryMs: 50 },
    { changed: () => undefined, listening: (listening) => states.push(listening) },
  );
  listener.start();
  await listener.close();
  await new Promise((resolve) => setTimeout(resolve, 300));
  const { rows } = await admin.sql<{ count: string }>`
    SELECT count(*) FROM pg_stat_activity
    WHERE datname = current_database() AND application_name = ${timelineListenerName}`;
  t.equal(rows[0]?.count, '0', 'no listening connection is left');
  t.notOk(states.includes(false), 'closing is not a failure');
});
