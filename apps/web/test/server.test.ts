import { applyMigrations, knownMigrations } from '@minitwit/db';
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
  'the web app waits for the API to migrate, never migrates itself, and gives up',
  async (t) => {
    const database = await createTestDatabase({ migrated: false });
    t.teardown(() => database.drop());
    const refused = startServer({
      DATABASE_URL: database.url,
      PORT: String(await freePort()),
      SCHEMA_WAIT_SECONDS: '0',
    });
    t.not(await refused.exit, 0, 'exits with an error once its wait is over');
    t.match(
      refused.output(),
      `the database still lacks the migrations ${(await knownMigrations()).join(', ')} after SCHEMA_WAIT_SECONDS (0 s): start the API, it migrates`,
    );

    // Started before the migration (as in a deployment), it serves once the API has migrated.
    const waiting = startReadyService('web', { LOG_LEVEL: 'warn', DATABASE_URL: database.url });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await applyMigrations(database.migrationUrl);
    const { child, exit, base } = await waiting;
    t.teardown(() => child.kill('SIGKILL'));
    t.equal((await fetch(`${base}/public`)).status, 200, 'serves the migrated database');
    child.kill('SIGTERM');
    t.equal(await exit, 0, 'stops cleanly on SIGTERM');
  },
);

t.test(
  'the web app waits, retrying, for a database that does not answer, then says why it gives up',
  async (t) => {
    const unreachable = `postgresql://minitwit:pw@127.0.0.1:${await freePort()}/minitwit`;
    const { output, exit } = startService('web', {
      LOG_LEVEL: 'info',
      DATABASE_URL: unreachable,
      PORT: String(await freePort()),
      SCHEMA_WAIT_SECONDS: '4',
    });
    t.equal(await exit, 1, 'exits with 1 once its wait is over');
    const lines = output()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { level: number; msg: string });
    const retries = lines.filter(({ msg }) => msg === 'waiting for the database to answer');
    t.ok(
      retries.length >= 4,
      `it tried again every second of SCHEMA_WAIT_SECONDS (${retries.length} tries)`,
    );
    t.match(
      lines.at(-1),
      {
        level: 50,
        msg: /^minitwit-web cannot start: gave up after SCHEMA_WAIT_SECONDS \(4 s\): cannot reach the database of DATABASE_URL \(connect ECONNREFUSED/,
      },
      'then one error line says why',
    );
  },
);

t.test('a short session key is refused in words, not with a pattern', async (t) => {
  const refused = startServer({
    SESSION_SECRET: 'too short',
    DATABASE_URL: 'postgresql://x@/minitwit',
  });
  t.equal(await refused.exit, 1);
  t.match(refused.output(), /SESSION_SECRET is malformed: .*each 32 characters or more/);
  t.notMatch(refused.output(), /\^\[|\{32,\}/, 'no regular expression');
});

t.test('the web app serves a database a newer release has migrated further', async (t) => {
  // Migrations only expand the schema (README): the previous release keeps
  // serving during a rolling deployment and after a rollback.
  const database = await createTestDatabase();
  t.teardown(() => database.drop());
  const client = new pg.Client({ connectionString: database.migrationUrl });
  await client.connect();
  await client.query(`INSERT INTO _prisma_migrations (id, checksum, migration_name, finished_at, applied_steps_count)
    VALUES ('future', 'x', '29991231000000_from_the_future', now(), 1)`);
  await client.end();
  const { child, base } = await startReadyService('web', {
    LOG_LEVEL: 'warn',
    DATABASE_URL: database.url,
  });
  t.teardown(() => child.kill('SIGKILL'));
  t.equal((await fetch(`${base}/public`)).status, 200);
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

t.test('the web app refuses to trust every proxy hop', async (t) => {
  const refused = startServer({ TRUST_PROXY: 'true' });
  t.equal(await refused.exit, 1, 'exits with 1 on TRUST_PROXY=true');
  t.match(refused.output(), /TRUST_PROXY/, 'and names the setting');
});
