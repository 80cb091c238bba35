import t from 'tap';
import { buildTestApp } from '../../helper.js';

t.test('the web app runs as the runtime role, which cannot change the schema', async (t) => {
  const app = await buildTestApp(t);
  t.equal((await app.inject('/public')).statusCode, 200, 'it serves the timeline');
  const {
    rows: [connectedAs],
  } = await app.database.sql<{ role: string }>`SELECT current_user::text AS role`;
  t.equal(connectedAs?.role, 'minitwit_runtime', 'as the runtime role');
  // The API's test of its own connection tries the rest of the schema changes.
  await t.rejects(app.database.sql`DROP TABLE users`, /must be owner/, 'cannot drop a table');
  await t.rejects(
    app.database.sql`CREATE INDEX users_email ON users (email)`,
    /must be owner/,
    'cannot add an index',
  );
});
