import { applyMigrations } from '@minitwit/db';
import {
  createTestDatabase,
  freePort,
  startReadyService,
  startService,
} from '@minitwit/local-postgres';
import pg from 'pg';
import t from 'tap';

const startServer = (env: NodeJS.ProcessEnv) => startService('web', { LOG_LEVEL: 'warn', ...env });

t.test(
  'the web app refuses a database the API has not migrated, and never migrates it',
  async (t) => {
    const database = await createTestDatabase({ migrated: false });
    t.teardown(() => database.drop());
    const { output, exit } = startServer({
      DATABASE_URL: database.url,
      PORT: String(await freePort()),
    });
    t.not(await exit, 0, 'exits with an error');
    t.match(output(), /cannot serve this database: the database has no migrations applied/);

    // Once migrated (by the API's mechanism), the same database is served.
    await applyMigrations(database.url);
    const {
      child,
      exit: exited,
      base,
    } = await startReadyService('web', {
      LOG_LEVEL: 'warn',
      DATABASE_URL: database.url,
    });
    t.teardown(() => child.kill('SIGKILL'));
    const page = await fetch(`${base}/public`);
    t.equal(page.status, 200);
    child.kill('SIGTERM');
    t.equal(await exited, 0, 'stops cleanly on SIGTERM');
  },
);

t.test('the web app refuses a database whose schema is not the one it was built for', async (t) => {
  const database = await createTestDatabase();
  t.teardown(() => database.drop());
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await client.query(`INSERT INTO _prisma_migrations (id, checksum, migration_name, finished_at, applied_steps_count)
    VALUES ('future', 'x', '29991231000000_from_the_future', now(), 1)`);
  await client.end();
  const { output, exit } = startServer({
    DATABASE_URL: database.url,
    PORT: String(await freePort()),
  });
  t.not(await exit, 0);
  t.match(
    output(),
    /schema is at 29991231000000_from_the_future, this build expects 20261122230000_init/,
  );
});

t.test('in production the web app refuses the development session secret', async (t) => {
  const database = await createTestDatabase();
  t.teardown(() => database.drop());
  const production = { NODE_ENV: 'production', DATABASE_URL: database.url };

  const refused = startServer(production);
  t.equal(await refused.exit, 1, 'exits with 1 on the default secret');
  t.match(refused.output(), /SESSION_SECRET is the development default/, 'and names it');

  const { child, base } = await startReadyService('web', {
    ...production,
    LOG_LEVEL: 'warn',
    SESSION_SECRET: 'a production secret of at least 32 characters',
  });
  t.teardown(() => child.kill('SIGKILL'));
  t.equal((await fetch(`${base}/public`)).status, 200, 'and starts once one is set');
});
