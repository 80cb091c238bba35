import { createTestDatabase, startReadyService, startService } from '@minitwit/local-postgres';
import t from 'tap';

const startServer = (env: NodeJS.ProcessEnv) => startService('api', { LOG_LEVEL: 'warn', ...env });

t.test('the server migrates an empty database, serves, and stops cleanly on SIGTERM', async (t) => {
  const database = await createTestDatabase({ migrated: false });
  t.teardown(() => database.drop());
  const { child, output, exit, base } = await startReadyService('api', {
    LOG_LEVEL: 'warn',
    DATABASE_URL: database.url,
  });
  t.teardown(() => child.kill('SIGKILL'));

  const registered = await fetch(`${base}/register?latest=1`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'first', email: 'first@example.org', pwd: 'pw' }),
  });
  t.equal(registered.status, 204, 'the migrated schema takes a registration');
  t.same(await (await fetch(`${base}/latest`)).json(), { latest: 1 });

  child.kill('SIGTERM');
  t.equal(await exit, 0, 'exits with 0 after closing');
  t.notMatch(output(), /"level":50/, 'logged no error');
});

t.test('the server refuses to start on missing or malformed configuration', async (t) => {
  const database = await createTestDatabase();
  t.teardown(() => database.drop());
  const cases = [
    { name: 'no DATABASE_URL', env: {}, names: 'DATABASE_URL' },
    {
      name: 'a DATABASE_URL that is not PostgreSQL',
      env: { DATABASE_URL: 'mysql://x' },
      names: 'DATABASE_URL',
    },
    {
      name: 'a PORT that is not a number',
      env: { DATABASE_URL: database.url, PORT: 'eighty' },
      names: 'PORT',
    },
  ];
  for (const { name, env, names } of cases) {
    const { output, exit } = startServer(env);
    t.equal(await exit, 1, `${name}: exits with 1`);
    t.match(output(), /minitwit-api: invalid configuration/, `${name}: says why`);
    t.match(output(), names, `${name}: names ${names}`);
  }
});
