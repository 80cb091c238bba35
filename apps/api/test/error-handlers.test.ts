import { countRows, createDatabaseClient } from '@minitwit/db';
import { createTestDatabase } from '@minitwit/local-postgres';
import pg from 'pg';
import t from 'tap';
import { asSimulator, buildTestApp, buildTestAppOn, registerUser } from './helper.js';

t.test('an unknown route is a 404 in the contract shape', async (t) => {
  const app = await buildTestApp(t);
  const response = await app.inject({ url: '/nowhere?latest=3', headers: asSimulator });
  t.equal(response.statusCode, 404);
  t.same(response.json(), { status: 404, error_msg: 'No such resource: GET /nowhere' });
});

t.test('a server fault is a 500 that tells the client nothing about the internals', async (t) => {
  const database = await createTestDatabase();
  t.teardown(() => database.drop());
  const app = await buildTestAppOn(t, database);
  // As a broken migration would: the API's own role cannot drop a table.
  const schemaOwner = createDatabaseClient({ url: database.migrationUrl, poolSize: 1 });
  await schemaOwner.sql`DROP TABLE messages CASCADE`;
  await schemaOwner.close();
  const response = await app.inject({ url: '/msgs', headers: asSimulator });
  t.equal(response.statusCode, 500);
  t.same(response.json(), { status: 500, error_msg: 'Internal server error' });
  t.notMatch(response.body, /messages|prisma|stack/i);
});

t.test('a database too slow to answer is a 503 with Retry-After, then recovers', async (t) => {
  const database = await createTestDatabase();
  t.teardown(() => database.drop());
  const app = await buildTestAppOn(t, database, { DATABASE_STATEMENT_TIMEOUT_MS: '200' });
  // As a long migration would: the schema's owner holds the table's lock.
  const migration = new pg.Client({ connectionString: database.migrationUrl });
  await migration.connect();
  t.teardown(() => migration.end());
  await migration.query('BEGIN; LOCK TABLE messages IN ACCESS EXCLUSIVE MODE');
  const refused = await app.inject({ url: '/msgs', headers: asSimulator });
  t.equal(refused.statusCode, 503);
  t.equal(refused.headers['retry-after'], '5', 'says when to retry');
  t.same(refused.json(), {
    status: 503,
    error_msg: 'The database is unavailable; try again shortly',
  });
  await migration.query('ROLLBACK');
  const served = await app.inject({ url: '/msgs', headers: asSimulator });
  t.equal(served.statusCode, 200, 'served again once the lock is gone, without a restart');
});

t.test(
  'every write refuses bodies that are not JSON with a 400 in the contract shape',
  async (t) => {
    const app = await buildTestApp(t);
    await registerUser(t, app, 'alice');
    await registerUser(t, app, 'bob');
    const bodies = [
      { body: '{"content": "unterminated', type: 'application/json' },
      { body: '', type: 'application/json' },
      { body: 'content=hi', type: 'application/x-www-form-urlencoded' },
      { body: '<content>hi</content>', type: 'application/xml' },
      { body: 'follow bob', type: 'text/plain' },
    ];
    for (const url of ['/register', '/msgs/alice', '/fllws/alice']) {
      for (const { body, type } of bodies) {
        const response = await app.inject({
          method: 'POST',
          url,
          headers: { ...asSimulator, 'content-type': type },
          body,
        });
        const name = `${url} with ${type} ${JSON.stringify(body)}`;
        t.equal(response.statusCode, 400, name);
        t.match(response.json(), { status: 400, error_msg: /\w/ }, name);
      }
    }
    t.equal(await countRows(app.database, 'users'), 2, 'no user was added');
    t.equal(await countRows(app.database, 'messages'), 0, 'no message was posted');
    t.equal(await countRows(app.database, 'follows'), 0, 'no follow was made');
  },
);
