import { once } from 'node:events';
import net from 'node:net';
import { createTestDatabase, freePort } from '@minitwit/local-postgres';
import t from 'tap';
import { createDatabaseClient, isDatabaseUnavailable, isUniqueViolation } from '../src/index.js';

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
  const db = createDatabaseClient({ url: `postgresql://x:y@127.0.0.1:${await freePort()}/none` });
  t.teardown(() => db.$disconnect());
  t.ok(isDatabaseUnavailable(await failure(db.user.findFirst())), 'a model query');
  t.ok(isDatabaseUnavailable(await failure(db.$queryRaw`SELECT 1`)), 'a raw query');
  t.ok(
    isDatabaseUnavailable(await failure(db.$transaction(async (tx) => tx.user.count()))),
    'a transaction',
  );
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
    const db = createDatabaseClient({
      url: `postgresql://x:y@127.0.0.1:${port}/none`,
      connectTimeoutMs: 300,
    });
    t.teardown(() => db.$disconnect());
    t.ok(isDatabaseUnavailable(await failure(db.user.findFirst())), 'unavailable, not hanging');
  },
);

t.test('a statement running past the statement timeout is cancelled as unavailable', async (t) => {
  const database = await createTestDatabase();
  t.teardown(() => database.drop());
  const db = createDatabaseClient({ url: database.url, poolSize: 1, statementTimeoutMs: 200 });
  t.teardown(() => db.$disconnect());
  t.ok(isDatabaseUnavailable(await failure(db.$queryRaw`SELECT pg_sleep(5)`)));
  t.same(await db.$queryRaw`SELECT 1 AS one`, [{ one: 1 }], 'and the pool goes on serving');
});

t.test('a client mistake is not unavailability', async (t) => {
  const database = await createTestDatabase();
  t.teardown(() => database.drop());
  const db = createDatabaseClient({ url: database.url, poolSize: 1 });
  t.teardown(() => db.$disconnect());
  const user = { username: 'twice', email: 't@example.org', passwordHash: 'h' };
  await db.user.create({ data: user });
  const duplicate = await failure(db.user.create({ data: user }));
  t.ok(isUniqueViolation(duplicate));
  t.notOk(isDatabaseUnavailable(duplicate));
  t.notOk(isDatabaseUnavailable(new Error('a bug')), 'nor is any other error');
});
