// The backup and restore scripts of the database host (infra/backup), run
// against the PostgreSQL it runs (Debian's 15), with a folder standing in
// for the off-droplet storage (rclone copies to either alike).
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startReadyService } from '@minitwit/local-postgres';
import { simulate, simulatorClient } from '@minitwit/simulator';
import t from 'tap';
import { startDebianPostgres } from './debian-postgres.js';

const run = promisify(execFile);
const backupDir = path.resolve(import.meta.dirname, '..', '..', '..', 'infra', 'backup');
const simulatorCredentials = { username: 'simulator', password: 'super_safe!', timeoutMs: 5_000 };

t.setTimeout(300_000);

t.test('a dump of a populated database restores into a fresh one, identical', async (t) => {
  const postgres = await startDebianPostgres(t);
  await postgres.sql('postgres', 'CREATE DATABASE live');
  // As on the database host: the services' own role owns what is restored.
  await postgres.sql('postgres', 'CREATE ROLE minitwit LOGIN');
  await postgres.sql('postgres', 'CREATE DATABASE restored OWNER minitwit');

  // Populate through the API, as production does (it also applies the migrations).
  const api = await startReadyService('api', {
    DATABASE_URL: postgres.url('live'),
    LOG_LEVEL: 'warn',
  });
  t.teardown(() => api.child.kill('SIGKILL'));
  const report = await simulate({
    actions: 300,
    seed: 7,
    tag: 'backup',
    baseUrl: api.base,
    ...simulatorCredentials,
  });
  t.equal(report.replay.errorCount, 0, 'the simulator populated the database');

  const storage = await mkdtemp(path.join(tmpdir(), 'minitwit-backups-'));
  t.teardown(() => rm(storage, { recursive: true, force: true }));
  const expired = 'minitwit-20200101T000000Z.dump';
  const unrelated = 'notes.txt';
  const monthAgo = new Date(Date.now() - 30 * 24 * 3600 * 1000);
  for (const file of [expired, unrelated]) {
    await writeFile(path.join(storage, file), 'old');
    await utimes(path.join(storage, file), monthAgo, monthAgo);
  }

  const env = { ...process.env, BACKUP_TARGET: storage, BACKUP_RETENTION_DAYS: '14' };
  const backup = await run('bash', [path.join(backupDir, 'backup.sh')], {
    env: { ...env, DATABASE_URL: postgres.url('live') },
  });
  t.match(backup.stdout, /^backup: .*minitwit-\d{8}T\d{6}Z\.dump/m, 'says what it wrote');
  const kept = await readdir(storage);
  t.equal(kept.filter((file) => /^minitwit-\d{8}T\d{6}Z\.dump$/.test(file)).length, 1, 'one dump');
  t.notOk(kept.includes(expired), 'a dump older than the retention is deleted');
  t.ok(kept.includes(unrelated), 'and nothing else is');

  const restore = await run('bash', [path.join(backupDir, 'restore.sh')], {
    env: { ...env, DATABASE_URL: postgres.url('restored'), DATABASE_ROLE: 'minitwit' },
  });
  t.match(restore.stdout, /^restore: minitwit-/m, 'the newest dump is restored');

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
  t.equal(owners.trim(), 'minitwit', 'the restored tables belong to the services’ role');
  const after = await startReadyService('api', {
    DATABASE_URL: postgres.url('restored', 'minitwit'),
    LOG_LEVEL: 'warn',
  });
  t.teardown(() => after.child.kill('SIGKILL'));
  const registered = await simulatorClient({ baseUrl: after.base, ...simulatorCredentials })(
    'POST',
    '/register',
    { username: 'after restore', email: 'a@example.org', pwd: 'x' },
  );
  t.equal(registered.status, 204, 'new rows go in after the restored ones (sequences restored)');
});
