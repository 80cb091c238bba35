import { once } from 'node:events';
import net from 'node:net';
import { eventually, freePort } from '@minitwit/local-postgres';
import t from 'tap';
import { createDatabaseClient, createUser, isDatabaseUnavailable, Prisma } from '../src/index.js';
import { clientOn, testDatabase } from './helper.js';

/** Rejects with what `query` threw, or fails the test if it succeeded. */
async function failure(query: Promise<unknown>): Promise<unknown> {
  try {
    await query;
  } catch (error) {
    return error;
  }
  throw new Error('the query succeeded');
}

t.test('a server that refuses connections is unavailable, not a bug', async (t) => {
  const db = clientOn(t, `postgresql://x:y@127.0.0.1:${await freePort()}/none`);
  t.ok(isDatabaseUnavailable(await failure(db.sql`SELECT 1`)), 'a statement on the pool');
});

t.test(
  'a server that accepts but never answers fails the query at the connect timeout',
  async (t) => {
    // A black hole: what a host that vanished from the network looks like.
    const sockets: net.Socket[] = [];
    const hole = net.createServer((socket) => sockets.push(socket)).listen(0, '127.0.0.1');
    await once(hole, 'listening');
    t.teardown(() => {
      for (const socket of sockets) socket.destroy();
      hole.close();
    });
    const { port } = hole.address() as net.AddressInfo;
    const db = clientOn(t, `postgresql://x:y@127.0.0.1:${port}/none`, { connectTimeoutMs: 300 });
    t.ok(isDatabaseUnavailable(await failure(db.sql`SELECT 1`)), 'unavailable, not hanging');
  },
);

t.test('a statement running past the statement timeout is cancelled as unavailable', async (t) => {
  const database = await testDatabase(t);
  const db = clientOn(t, database.url, { statementTimeoutMs: 200 });
  t.ok(isDatabaseUnavailable(await failure(db.sql`SELECT pg_sleep(5)`)));
  t.same((await db.sql`SELECT 1 AS one`).rows, [{ one: 1 }], 'and the pool goes on serving');
});

t.test(
  'a connection that drops during a statement fails the statement, and nothing else',
  async (t) => {
    // What the database proxy does to the connections through a primary
    // that goes down (HAProxy's shutdown-sessions): they close, mid-statement,
    // with no word from PostgreSQL.
    const database = await testDatabase(t);
    const target = new URL(database.url);
    const sockets = new Set<net.Socket>();
    const relay = net
      .createServer((client) => {
        const server = net.connect(Number(target.port), target.hostname);
        for (const socket of [client, server]) {
          sockets.add(socket);
          socket.on('error', () => undefined);
        }
        client.pipe(server).pipe(client);
      })
      .listen(0, '127.0.0.1');
    await once(relay, 'listening');
    t.teardown(() => relay.close());
    const throughRelay = new URL(database.url);
    throughRelay.port = String((relay.address() as net.AddressInfo).port);
    const db = clientOn(t, throughRelay.toString(), { poolSize: 1 });
    const admin = clientOn(t, database.url, { poolSize: 1 });

    const running = failure(db.sql`SELECT pg_sleep(5)`);
    const started = await eventually(async () => {
      const { rows } = await admin.sql`
        SELECT 1 FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(5)' AND state = 'active'`;
      return rows.length === 1;
    });
    t.ok(started, 'the statement runs');
    for (const socket of sockets) socket.destroy();
    t.ok(isDatabaseUnavailable(await running), 'it failed as unavailable (503)');
    // An 'error' event nobody heard would have ended this process by now.
    t.same((await db.sql`SELECT 1 AS one`).rows, [{ one: 1 }], 'and the next one reconnects');
  },
);

t.test('a client mistake is not unavailability', async (t) => {
  const database = await testDatabase(t);
  const db = clientOn(t, database.url, { poolSize: 1 });
  await createUser(db, { username: 'twice', email: 't@example.org', passwordHash: 'h' });
  const duplicate = await failure(
    db.sql`INSERT INTO users (username, email, password_hash) VALUES ('twice', 't@x', 'h')`,
  );
  t.match(duplicate, { code: '23505' }, 'a unique violation');
  t.notOk(isDatabaseUnavailable(duplicate));
  t.notOk(isDatabaseUnavailable(await failure(db.sql`SELECT 1 / 0`)), 'a failing statement');
  t.notOk(isDatabaseUnavailable(new Error('a bug')), 'nor is any other error');
});

t.test('sql passes values as parameters, nests fragments and counts changed rows', async (t) => {
  const database = await testDatabase(t);
  const db = clientOn(t, database.url, { poolSize: 1 });
  const hostile = "x'); DROP TABLE users; --";
  const inserted = await db.sql`
    INSERT INTO users (username, email, password_hash) VALUES (${hostile}, 'e', 'h'), ('b', 'e', 'h')`;
  t.equal(inserted.rowCount, 2);
  const named = (name: string) => Prisma.sql`username = ${name}`;
  const { rows } = await db.sql<{
    username: string;
  }>`SELECT username FROM users WHERE ${named(hostile)}`;
  t.same(rows, [{ username: hostile }], 'the text is stored and found as it was sent');
});

t.test('an idle connection that drops is reported, and the next query reconnects', async (t) => {
  const database = await testDatabase(t);
  const lost: Error[] = [];
  const db = clientOn(t, database.url, {
    poolSize: 1,
    onIdleConnectionLost: (error) => lost.push(error),
  });
  const { rows } = await db.sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`;
  const pid = rows[0]?.pid;
  const admin = clientOn(t, database.url, { poolSize: 1 });
  await admin.sql`SELECT pg_terminate_backend(${pid})`;
  while (lost.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
  t.equal(lost.length, 1, 'told once, and the process is still running');
  const again = await db.sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`;
  t.not(again.rows[0]?.pid, pid, 'a new connection serves the next query');
});

t.test('closing ends the pool and every connection', async (t) => {
  const database = await testDatabase(t);
  // Closed here, not at the end: that is what is tested.
  const db = createDatabaseClient({ url: database.url, poolSize: 1 });
  await db.sql`SELECT 1`;
  await db.close();
  t.match(await failure(db.sql`SELECT 1`), { message: /after calling end/ }, 'the pool is closed');
  const admin = clientOn(t, database.url, { poolSize: 1 });
  const others = async () =>
    (
      await admin.sql<{ count: number }>`
        SELECT count(*)::int AS count FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid()`
    ).rows[0]?.count;
  // The server notices a closed connection a moment later.
  while ((await others()) !== 0) await new Promise((resolve) => setTimeout(resolve, 20));
  t.equal(await others(), 0, 'and its connection is gone from the server');
});
