import { createTestDatabase } from '@minitwit/local-postgres';
import pg from 'pg';
import t, { type Test } from 'tap';
import { buildTestAppOn } from './helper.js';

/** A connection as the schema's owner, which the services never use: what a migration holds. */
async function schemaOwner(t: Test, url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  t.teardown(() => client.end());
  return client;
}

t.test('a server fault is a 500 page that tells nothing about the internals', async (t) => {
  const database = await createTestDatabase();
  t.teardown(() => database.drop());
  const app = await buildTestAppOn(t, database);
  // As a broken migration would: the web's own role cannot drop a table.
  const owner = await schemaOwner(t, database.migrationUrl);
  await owner.query('DROP TABLE messages CASCADE');
  const response = await app.inject('/public');
  t.equal(response.statusCode, 500);
  t.match(response.body, 'Something went wrong on our side');
  t.notMatch(response.body, /messages|relation|stack/i);
});

t.test('a database too slow to answer is a 503 page with Retry-After, then recovers', async (t) => {
  const database = await createTestDatabase();
  t.teardown(() => database.drop());
  const app = await buildTestAppOn(t, database, { DATABASE_STATEMENT_TIMEOUT_MS: '200' });
  const owner = await schemaOwner(t, database.migrationUrl);
  await owner.query('BEGIN; LOCK TABLE messages IN ACCESS EXCLUSIVE MODE');
  const refused = await app.inject('/public');
  t.equal(refused.statusCode, 503);
  t.equal(refused.headers['retry-after'], '5', 'says when to retry');
  t.match(refused.body, 'MiniTwit cannot reach its database right now');
  await owner.query('ROLLBACK');
  const served = await app.inject('/public');
  t.equal(served.statusCode, 200, 'served again once the lock is gone, without a restart');
});

t.test('a redirect that cannot be sent is a 500 page that names no internal error', async (t) => {
  const database = await createTestDatabase();
  t.teardown(() => database.drop());
  const app = await buildTestAppOn(t, database);
  // A route that redirects to a target no header can carry, as a route would
  // that trusted its input.
  app.get('/redirects-badly', (_request, reply) => reply.redirect('/public\r\nX-Injected: 1'));
  const response = await app.inject('/redirects-badly');
  t.equal(response.statusCode, 500);
  t.match(response.body, 'Something went wrong on our side');
  t.notMatch(response.body, /ERR_INVALID_CHAR|Invalid character|location/i);
  t.equal(response.headers['x-injected'], undefined);
});
