import { createTestDatabase } from '@minitwit/local-postgres';
import t from 'tap';
import { asSimulator, buildTestAppOn, registerUser } from '../../helper.js';

t.test(
  'the API migrates as the schema owner and serves as a role that cannot change the schema',
  async (t) => {
    const database = await createTestDatabase({ migrated: false });
    t.teardown(() => database.drop());
    const app = await buildTestAppOn(t, database);
    await registerUser(t, app, 'alice');
    const posted = await app.inject({
      method: 'POST',
      url: '/msgs/alice',
      headers: asSimulator,
      payload: { content: 'rows are written' },
    });
    t.equal(posted.statusCode, 204, 'the migrated schema takes writes');

    // What someone who took over a replica would try with its connection.
    await t.rejects(app.database.sql`DROP TABLE messages`, /must be owner/, 'cannot drop a table');
    await t.rejects(
      app.database.sql`ALTER TABLE users ADD COLUMN stolen TEXT`,
      /must be owner/,
      'cannot change a table',
    );
    await t.rejects(
      app.database.sql`CREATE TABLE copied AS SELECT * FROM users`,
      /permission denied for schema public/,
      'cannot create a table',
    );
    await t.rejects(app.database.sql`TRUNCATE messages`, /permission denied/, 'cannot truncate');
    await t.rejects(
      app.database.sql`CREATE ROLE intruder LOGIN SUPERUSER`,
      /permission denied to create role/,
      'cannot create a role',
    );
  },
);

t.test(
  'the runtime role cannot migrate: without a migration role the API does not start',
  async (t) => {
    const database = await createTestDatabase({ migrated: false });
    t.teardown(() => database.drop());
    const failure = await buildTestAppOn(t, database, { MIGRATION_DATABASE_URL: undefined }).then(
      () => undefined,
      (error: unknown) => error,
    );
    t.match(
      failure,
      {
        name: 'MigrationError',
        message:
          /^applying the database migrations failed: Error: .*permission denied for schema public/,
      },
      "one line that says which migration failed and PostgreSQL's error",
    );
    t.notMatch((failure as Error).message, /\n|WARNING|Prisma schema loaded/, 'no banner');
  },
);
