// The backup and restore scripts of the database host (infra/backup), run
// against the PostgreSQL it runs (Debian's 15), with a folder standing in
// for the off-droplet storage (rclone copies to either alike).
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startReadyService } from '@minitwit/local-postgres';
import { defaultCredentials, simulate, simulatorClient } from '@minitwit/simulator';
import t from 'tap';
import { startDebianPostgres } from './debian-postgres.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..', '..', '..', '..');
const backupDir = path.join(root, 'infra', 'backup');
const simulatorCredentials = { ...defaultCredentials, timeoutMs: 5_000 };

t.setTimeout(300_000);

t.test('a dump of a populated database restores into a fresh one, identical', async (t) => {
  const postgres = await startDebianPostgres(t);
  // Both with the database host's roles: minitwit owns the schema,
  // minitwit_runtime is what the services run as.
  const roles = await readFile(path.join(root, 'infra', 'provision', 'database-roles.sql'), 'utf8');
  const asServices = (database: string) => ({
    DATABASE_URL: postgres.url(database, 'minitwit_runtime'),
    MIGRATION_DATABASE_URL: postgres.url(database, 'minitwit'),
  });
  for (const database of ['live', 'restored']) {
    await postgres.sql('postgres', `CREATE DATABASE ${database}`);
    await postgres.sql(database, roles);
  }

  // Populate through the API, as production does (it also applies the migrations).
  const api = await startReadyService('api', { ...asServices('live'), LOG_LEVEL: 'warn' });
  t.teardown(() => api.child.kill('SIGKILL'));
  const report = await simulate({
    actions: 300,
    seed: 7,
    tag: 'backup',
    baseUrl: api.base,
    ...simulatorCredentials,
  });
  t.equal(report.replay.errorCount, 0, 'the simulator populated the database');
  // And an operator's flag, with the operators' command line: the moderation record has rows too.
  const firstMessage = (await postgres.sql('live', 'SELECT min(id) FROM messages')).trim();
  await run(
    process.execPath,
    [path.join(root, 'packages/tooling/cli/dist/main.js'), 'flag', firstMessage],
    {
      env: { ...process.env, ...asServices('live') },
    },
  );

  // The storage as the database host's key sees it: it may add files, not
  // list, read or delete them (root-owned, 0733, and backup.sh runs as nobody).
  const storage = await mkdtemp(path.join(tmpdir(), 'minitwit-backups-'));
  t.teardown(() => rm(storage, { recursive: true, force: true }));
  const expired = 'minitwit-20200101T000000Z.dump.age';
  const monthAgo = new Date(Date.now() - 30 * 24 * 3600 * 1000);
  await writeFile(path.join(storage, expired), 'old');
  await utimes(path.join(storage, expired), monthAgo, monthAgo);
  // What a stolen write key could plant: a name that sorts after every dump.
  const planted = 'minitwit-99991231T235959Z.dump.age';
  await writeFile(path.join(storage, planted), 'planted');
  await utimes(path.join(storage, planted), monthAgo, monthAgo);
  await chmod(storage, 0o733);

  // The operators' key pair: the host gets the public key only.
  const keys = await mkdtemp(path.join(tmpdir(), 'minitwit-backup-keys-'));
  t.teardown(() => rm(keys, { recursive: true, force: true }));
  const identity = path.join(keys, 'operators.txt');
  await run('age-keygen', ['-o', identity]);
  const recipient = (await run('age-keygen', ['-y', identity])).stdout.trim();

  const backup = await run(
    'runuser',
    ['-u', 'nobody', '--', 'bash', path.join(backupDir, 'backup.sh')],
    {
      env: {
        ...process.env,
        // No remote: the storage here is a folder.
        RCLONE_CONFIG: '/dev/null',
        BACKUP_TARGET: storage,
        BACKUP_AGE_RECIPIENT: recipient,
        DATABASE_URL: postgres.url('live'),
      },
    },
  );
  t.match(
    backup.stdout,
    /^backup: .*minitwit-\d{8}T\d{6}Z\.dump\.age .*encrypted/m,
    'says what it wrote',
  );
  const kept = await readdir(storage);
  const dumps = kept.filter((file) => /^minitwit-\d{8}T\d{6}Z\.dump\.age$/.test(file));
  t.equal(dumps.length, 3, 'one new dump, written with a key that cannot list');
  t.ok(kept.includes(expired), "and nothing deleted: retention is the bucket's lifecycle rule");

  const [newest = ''] = dumps.filter((dump) => dump !== expired && dump !== planted);
  const stored = await readFile(path.join(storage, newest));
  t.equal(
    stored.subarray(0, 21).toString(),
    'age-encryption.org/v1',
    'the stored dump is encrypted',
  );
  await t.rejects(run('pg_restore', ['--list', path.join(storage, newest)]), 'and no dump to read');

  const restoreEnv = {
    ...process.env,
    BACKUP_TARGET: storage,
    DATABASE_URL: postgres.url('restored', 'minitwit'),
  };
  const otherIdentity = path.join(keys, 'someone-else.txt');
  await run('age-keygen', ['-o', otherIdentity]);
  await t.rejects(
    run('bash', [path.join(backupDir, 'restore.sh'), '--yes'], {
      env: { ...restoreEnv, BACKUP_AGE_IDENTITY: otherIdentity },
    }),
    'another key cannot decrypt it',
  );
  /** restore.sh without a name, answering its question with `answer`. */
  const restoreAnswering = (answer: string) => {
    const restoring = run('bash', [path.join(backupDir, 'restore.sh')], {
      env: { ...restoreEnv, BACKUP_AGE_IDENTITY: identity },
    });
    restoring.child.stdin?.end(`${answer}\n`);
    return restoring;
  };
  const declined = await restoreAnswering('n').then(
    () => ({ stdout: 'restored without being told yes' }),
    (error: unknown) => error as { stdout: string },
  );
  t.match(
    declined.stdout,
    `restore: the newest dump is ${newest}, received `,
    'the newest by the storage’s time, not the planted name that sorts last',
  );
  t.equal(
    (
      await postgres.sql('restored', "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
    ).trim(),
    '0',
    'asked, and told no, it restores nothing',
  );
  const restore = await restoreAnswering('y');
  t.match(restore.stdout, `restore: ${newest}`, 'the newest dump is decrypted and restored');

  const tables = (
    await postgres.sql('live', "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
  )
    .split('\n')
    .filter(Boolean)
    .sort();
  t.ok(tables.length >= 4, `the tables: ${tables.join(', ')}`);
  for (const table of tables) {
    const contents = `COPY (SELECT * FROM "${table}" AS r ORDER BY r) TO STDOUT`;
    const live = await postgres.sql('live', contents);
    const restored = await postgres.sql('restored', contents);
    t.ok(live.length > 0, `${table}: has rows`);
    t.equal(restored, live, `${table}: restored row for row`);
  }

  // The restored database is one a new version of the API takes on and writes to.
  api.child.kill('SIGTERM');
  await api.exit;
  const owners = await postgres.sql(
    'restored',
    "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'",
  );
  t.equal(owners.trim(), 'minitwit', 'the restored tables belong to the schema’s owner');
  const after = await startReadyService('api', { ...asServices('restored'), LOG_LEVEL: 'warn' });
  t.teardown(() => after.child.kill('SIGKILL'));
  const registered = await simulatorClient({ baseUrl: after.base, ...simulatorCredentials })(
    'POST',
    '/register',
    { username: 'after restore', email: 'a@example.org', pwd: 'x' },
  );
  t.equal(
    registered.status,
    204,
    'the runtime role writes to the restored tables, after the restored rows (sequences restored)',
  );
});
