import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  createTestDatabase,
  freePort,
  startReadyService,
  startService,
} from '@minitwit/local-postgres';
import t from 'tap';
import { basicAuthorization } from '@minitwit/simulator';
import { asSimulator } from './helper.js';

const startServer = (env: NodeJS.ProcessEnv) => startService('api', { LOG_LEVEL: 'warn', ...env });

t.test('the server migrates an empty database, serves, and stops cleanly on SIGTERM', async (t) => {
  const database = await createTestDatabase({ migrated: false });
  t.teardown(() => database.drop());
  const { child, output, exit, base } = await startReadyService('api', {
    LOG_LEVEL: 'warn',
    ...database.environment,
  });
  t.teardown(() => child.kill('SIGKILL'));

  const registered = await fetch(`${base}/register?latest=1`, {
    method: 'POST',
    headers: { ...asSimulator, 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'first', email: 'first@example.org', pwd: 'pw' }),
  });
  t.equal(registered.status, 204, 'the migrated schema takes a registration');
  t.same(await (await fetch(`${base}/latest`)).json(), { latest: 1 });

  child.kill('SIGTERM');
  t.equal(await exit, 0, 'exits with 0 after closing');
  t.notMatch(output(), /"level":50/, 'logged no error');
});

t.test(
  'after SIGTERM the server goes on serving for SHUTDOWN_DRAIN_SECONDS, then stops',
  async (t) => {
    const database = await createTestDatabase();
    t.teardown(() => database.drop());
    const { child, output, exit, base } = await startReadyService('api', {
      LOG_LEVEL: 'info',
      ...database.environment,
      SHUTDOWN_DRAIN_SECONDS: '5',
    });
    t.teardown(() => child.kill('SIGKILL'));
    let exited = false;
    void exit.then(() => {
      exited = true;
    });

    child.kill('SIGTERM');
    while (!output().includes('"msg":"closing"')) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // A proxy that has not yet learned the replica is going still sends here.
    const during = await fetch(`${base}/latest`);
    t.equal(during.status, 200, 'a request after the signal, during the drain, is answered');
    t.notOk(exited, 'and the process is still running');
    t.equal(await exit, 0, 'then it exits with 0');
    await t.rejects(fetch(`${base}/latest`), 'and refuses connections');
  },
);

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
    t.match(output(), /minitwit-api cannot start: invalid configuration/, `${name}: says why`);
    t.match(output(), names, `${name}: names ${names}`);
  }
});

/** The lines a failed start printed, each a JSON log line. */
const linesOf = (output: string) =>
  output
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { level: number; msg: string });

t.test(
  'a database it cannot use stops the start in one line that says what to check',
  async (t) => {
    const database = await createTestDatabase({ migrated: false });
    t.teardown(() => database.drop());
    const url = new URL(database.migrationUrl);
    const unreachable = new URL(url);
    unreachable.port = String(await freePort());
    const wrongPassword = new URL(url);
    wrongPassword.password = 'not-the-password';
    const noDatabase = new URL(url);
    noDatabase.pathname = '/no_such_database';
    const nonNumericPort = url.href.replace(`:${url.port}/`, ':abc/');
    const cases = [
      [
        unreachable,
        /^minitwit-api cannot start: cannot reach the database of MIGRATION_DATABASE_URL \(connect ECONNREFUSED [^)]+\): is PostgreSQL running there/,
      ],
      [
        wrongPassword,
        /^minitwit-api cannot start: the database refused MIGRATION_DATABASE_URL's user or password \(password authentication failed for user "\w+"\): check them$/,
      ],
      [
        noDatabase,
        /^minitwit-api cannot start: database "no_such_database" does not exist: create it, or name the right database in MIGRATION_DATABASE_URL$/,
      ],
      [
        nonNumericPort,
        /^minitwit-api cannot start: invalid configuration: MIGRATION_DATABASE_URL is malformed: PostgreSQL connection URL, in the form of DATABASE_URL/,
      ],
    ] as const;
    for (const [migrationUrl, says] of cases) {
      const { output, exit } = startServer({
        DATABASE_URL: database.url,
        MIGRATION_DATABASE_URL: String(migrationUrl),
      });
      t.equal(await exit, 1, `${String(says)}: exits with 1`);
      const lines = linesOf(output());
      t.equal(lines.length, 1, 'one line');
      t.equal(lines[0]?.level, 50, 'at error level');
      t.match(lines[0]?.msg, says, 'naming what is wrong and what to do');
      t.notMatch(
        output(),
        /Prisma|WARNING|datasource|\bat [\w.]+ \(/,
        'nothing of Prisma, no stack',
      );
    }

    // With LOG_LEVEL=debug, the details follow.
    const { output, exit } = startServer({
      LOG_LEVEL: 'debug',
      DATABASE_URL: database.url,
      MIGRATION_DATABASE_URL: String(unreachable),
    });
    t.equal(await exit, 1);
    const details = output().trim().split('\n').at(-1) ?? '';
    t.match(JSON.parse(details), { level: 20, err: { stack: String } }, 'details at debug');
    t.match(details, 'ECONNREFUSED', 'down to the cause');
  },
);

t.test('the server reads its settings from Docker secret files (<NAME>_FILE)', async (t) => {
  const database = await createTestDatabase();
  t.teardown(() => database.drop());
  const secrets = await mkdtemp(path.join(tmpdir(), 'minitwit-secrets-'));
  t.teardown(() => rm(secrets, { recursive: true, force: true }));
  const secret = async (name: string, content: string) => {
    const file = path.join(secrets, name);
    await writeFile(file, `${content}\n`);
    return file;
  };

  const { child, base } = await startReadyService('api', {
    LOG_LEVEL: 'warn',
    DATABASE_URL_FILE: await secret('database_url', database.url),
    MIGRATION_DATABASE_URL_FILE: await secret('migration_database_url', database.migrationUrl),
    SIMULATOR_USERNAME_FILE: await secret('simulator_username', 'operator'),
    SIMULATOR_PASSWORD_FILE: await secret('simulator_password', 'from a secret file'),
  });
  t.teardown(() => child.kill('SIGKILL'));
  const withSecret = await fetch(`${base}/msgs`, {
    headers: {
      authorization: basicAuthorization({ username: 'operator', password: 'from a secret file' }),
    },
  });
  t.equal(withSecret.status, 200, 'the credentials from the files are the ones it accepts');
  const withDefault = await fetch(`${base}/msgs`, {
    headers: asSimulator,
  });
  t.equal(withDefault.status, 403, 'and the defaults no longer work');

  const cases = [
    {
      name: 'an unreadable secret file',
      env: { DATABASE_URL_FILE: path.join(secrets, 'missing') },
      says: /DATABASE_URL_FILE: cannot read/,
    },
    {
      name: 'a variable set both ways',
      env: { DATABASE_URL: database.url, DATABASE_URL_FILE: await secret('again', database.url) },
      says: /set DATABASE_URL or DATABASE_URL_FILE, not both/,
    },
  ];
  for (const { name, env, says } of cases) {
    const { output, exit } = startServer(env);
    t.equal(await exit, 1, `${name}: exits with 1`);
    t.match(output(), says, `${name}: says why`);
  }
});

t.test('in production the server refuses the development simulator password', async (t) => {
  const database = await createTestDatabase();
  t.teardown(() => database.drop());
  const production = { NODE_ENV: 'production', ...database.environment };

  const refused = startServer(production);
  t.equal(await refused.exit, 1, 'exits with 1 on the default password');
  t.match(refused.output(), /SIMULATOR_PASSWORD is the development default/, 'and names it');

  const { child, base } = await startReadyService('api', {
    ...production,
    LOG_LEVEL: 'warn',
    SIMULATOR_PASSWORD: 'a production password',
  });
  t.teardown(() => child.kill('SIGKILL'));
  t.equal((await fetch(`${base}/latest`)).status, 200, 'and starts once one is set');
});
