import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { chmod, readFile, stat, symlink } from 'node:fs/promises';
import path from 'node:path';
import { writeClassicDatabase } from '@minitwit/classic-fixtures';
import { createUser, type DatabaseClient, postMessage } from '@minitwit/db';
import { eventually, type TestDatabase } from '@minitwit/local-postgres';
import t from 'tap';
import { target } from './helper.js';
import { dirtyClassic } from './import/dirty-classic.js';

const cli = path.join(import.meta.dirname, '..', 'dist', 'main.js');

/** `pnpm minitwit` as an operator runs it (the built command line), with the database's variables. */
function start(args: string[], database: TestDatabase, cwd: string): ChildProcess {
  return spawn(process.execPath, [cli, ...args], {
    cwd,
    // Its temporary folder (sqlite-source.ts) in the test's, which goes with
    // the test: a killed import cannot remove it.
    env: { PATH: process.env.PATH, TMPDIR: cwd, ...database.environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function run(args: string[], database: TestDatabase, cwd: string) {
  const child = start(args, database, cwd);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

const count = async (db: DatabaseClient, table: 'users' | 'messages' | 'follows') => {
  const { rows } = await db.sql<{ count: number }>`
    SELECT (SELECT count(*) FROM users)::integer AS users,
      (SELECT count(*) FROM messages)::integer AS messages,
      (SELECT count(*) FROM follows)::integer AS follows`;
  return (rows[0] as unknown as Record<string, number>)[table];
};

t.test('import: a dry run, the real one, then a second run refused', async (t) => {
  const { database, db } = await target(t);
  const folder = t.testdir({});
  const source = path.join(folder, 'minitwit.db');
  writeClassicDatabase(source, dirtyClassic);

  const dry = await run(['import', source, '--dry-run'], database, folder);
  t.equal(dry.code, 0, dry.stderr);
  t.match(dry.stdout, /would import \(dry run, nothing kept\): 8 users, 7 messages, 4 follows/);
  t.match(dry.stdout, /17 rows skipped or changed \(dry run\)/);
  t.match(dry.stdout, `every one, by its old id and its new: minitwit-import-report.tsv`);
  t.equal(await count(db, 'users'), 0, 'the dry run wrote nothing');

  // The dry run's report is there: the real run writes over it only when told.
  const real = await run(['import', source, '--replace-report'], database, folder);
  t.equal(real.code, 0, real.stderr);
  t.match(
    real.stdout,
    /imported: 8 users, 7 messages, 4 follows; 28 rows read in [\d.]+ s \(\d+ rows\/s\), peak memory \d+ MB/,
  );
  t.match(real.stderr, /messages: 10\/10 rows \(100%\)/, 'progress as plain lines off a terminal');
  t.equal(await count(db, 'messages'), 7);

  const again = await run(['import', source, '--replace-report'], database, folder);
  t.equal(again.code, 1);
  t.match(again.stderr, /import refused, nothing written: the target database already has users/);
  t.equal(await count(db, 'messages'), 7, 'nothing doubled');
});

t.test(
  'an import killed halfway leaves nothing, and a second run imports everything once',
  async (t) => {
    const { database, db } = await target(t);
    const folder = t.testdir({});
    const source = path.join(folder, 'large.db');
    const messages = 300_000;
    writeClassicDatabase(source, {
      users: [[1, 'writer', 'writer@example.org', dirtyClassic.users[0]?.[3] ?? '']],
      messages: (function* () {
        for (let id = 1; id <= messages; id++)
          yield [id, 1, `message ${id}`, 1_700_000_000 + id, 0];
      })(),
    });

    const child = start(['import', source], database, folder);
    let progress = '';
    const halfway = new Promise<void>((resolve) => {
      child.stderr?.on('data', (chunk: Buffer) => {
        progress += chunk.toString();
        if (/messages: \d+\/300000/.test(progress)) resolve();
      });
    });
    await halfway;
    child.kill('SIGKILL');
    await once(child, 'exit');
    // PostgreSQL rolls the transaction back once it sees the connection gone.
    t.ok(
      await eventually(
        async () => {
          const { rowCount } = await db.sql`
          SELECT FROM pg_stat_activity WHERE application_name = 'minitwit import'`;
          return rowCount === 0;
        },
        { seconds: 30, pollMs: 100 },
      ),
      'the killed import has left the database',
    );
    t.equal(await count(db, 'users'), 0, 'no user of the killed import');
    t.equal(await count(db, 'messages'), 0, 'no message of the killed import');

    // The killed run's report is there.
    const second = await run(['import', source, '--replace-report'], database, folder);
    t.equal(second.code, 0, second.stderr);
    t.equal(await count(db, 'users'), 1);
    t.equal(await count(db, 'messages'), messages, 'every message, once');
    await postMessage(db, 1, 'posted after the import');
    t.equal(await count(db, 'messages'), messages + 1, 'and the next post gets a free id');
  },
);

t.test(
  "the import's report: readable by its owner alone, never written over unless told, never through a link",
  async (t) => {
    const { database, db } = await target(t);
    const folder = t.testdir({
      'earlier-report.tsv': 'an earlier report',
      'elsewhere.txt': 'kept',
    });
    const source = path.join(folder, 'minitwit.db');
    writeClassicDatabase(source, dirtyClassic);
    const importing = (...args: string[]) => run(['import', source, ...args], database, folder);
    const earlier = path.join(folder, 'earlier-report.tsv');
    await chmod(earlier, 0o644);

    const refused = await importing('--report', earlier);
    t.equal(refused.code, 1);
    t.match(
      refused.stderr,
      `import refused, nothing written: the report file ${earlier} exists: name another with --report <file>, or pass --replace-report`,
    );
    t.equal(await readFile(earlier, 'utf8'), 'an earlier report', 'the file as it was');
    t.equal(await count(db, 'users'), 0, 'nothing imported');

    const link = path.join(folder, 'link.tsv');
    await symlink(path.join(folder, 'elsewhere.txt'), link);
    for (const replace of [[], ['--replace-report']]) {
      const throughLink = await importing('--report', link, ...replace);
      t.equal(throughLink.code, 1, `a link ${replace.join('')}`);
      t.match(
        throughLink.stderr,
        /import refused, nothing written: the report file .* (exists|is a symbolic link)/,
      );
    }
    t.equal(
      await readFile(path.join(folder, 'elsewhere.txt'), 'utf8'),
      'kept',
      "the link's file as it was",
    );

    const replaced = await importing('--report', earlier, '--replace-report', '--dry-run');
    t.equal(replaced.code, 0, replaced.stderr);
    t.match(
      await readFile(earlier, 'utf8'),
      /^table\told id\tnew id\toutcome/,
      'written over when told',
    );
    t.equal((await stat(earlier)).mode & 0o777, 0o600, 'and readable by its owner alone');
    const fresh = path.join(folder, 'fresh-report.tsv');
    t.equal((await importing('--report', fresh, '--dry-run')).code, 0);
    t.equal((await stat(fresh)).mode & 0o777, 0o600, 'a new report too');

    const refusedImport = path.join(folder, 'refused-report.tsv');
    await createUser(db, { username: 'zed', email: 'zed@example.org', passwordHash: 'x' });
    const notEmpty = await importing('--report', refusedImport);
    t.match(notEmpty.stderr, /already has users/);
    t.notOk(existsSync(refusedImport), 'a refused import leaves no report');
    t.notMatch(
      notEmpty.stdout,
      /every row was imported as it was|rows skipped or changed/,
      'and no summary',
    );
  },
);

t.test('moderation from the command line: list, flag, unflag, log, moderators', async (t) => {
  const { database, db } = await target(t);
  const folder = t.testdir({});
  await createUser(db, { username: 'bob', email: 'bob@example.org', passwordHash: 'x' });
  await postMessage(db, 1, 'first, harmless');
  await postMessage(db, 1, 'second, abusive');
  const cliAs = (...args: string[]) => run(args, database, folder);

  const listed = await cliAs('messages', 'bob');
  t.equal(listed.code, 0);
  t.match(listed.stdout, /^\s+2 {2}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+second, abusive$/m);
  t.match(listed.stdout, /^\s+1 {2}.* first, harmless$/m);

  const flagged = await cliAs('flag', '2', '999', '--reason', 'abuse', '--as', 'carol');
  t.equal(flagged.code, 1, 'an unknown id is an error');
  t.match(flagged.stdout, 'flagged: 2\nno such message: 999');
  t.match((await cliAs('messages', 'bob')).stdout, /^\s+2 .* FLAGGED {2}second, abusive$/m);
  const { rows: visible } = await db.sql<{ text: string }>`
    SELECT text FROM messages WHERE NOT flagged`;
  t.same(visible, [{ text: 'first, harmless' }]);

  t.match((await cliAs('flag', '2')).stdout, 'already flagged: 2');
  const unflagged = await cliAs('unflag', '2', '--as', 'carol');
  t.equal(unflagged.code, 0);
  t.match(unflagged.stdout, 'unflagged: 2');

  const log = await cliAs('moderation-log');
  const lines = log.stdout.trim().split('\n');
  t.equal(lines.length, 2, 'one line per change, the no-op flag not among them');
  t.match(lines[0], /unflag\s+message 2 by bob\s+\(cli:carol\)\s+"second, abusive"/);
  t.match(lines[1], /flag\s+message 2 by bob\s+\(cli:carol\)\s+reason: abuse\s+"second, abusive"/);

  t.match((await cliAs('moderator', 'add', 'bob')).stdout, 'bob is now a moderator');
  const { rows: moderators } = await db.sql<{ username: string }>`
    SELECT username FROM users WHERE is_moderator`;
  t.same(moderators, [{ username: 'bob' }]);
  t.match((await cliAs('moderator', 'remove', 'bob')).stdout, 'bob is no longer a moderator');
  t.equal((await cliAs('moderator', 'add', 'nobody')).code, 1);
  t.equal((await cliAs('messages', 'nobody')).code, 1);
});

t.test('what users wrote is printed with its control characters escaped', async (t) => {
  const { database, db } = await target(t);
  const folder = t.testdir({});
  const cliAs = (...args: string[]) => run(args, database, folder);
  // Erase the line and move up; retitle the window; CSI in its one-byte (C1) form.
  const rewrite = '\u001b[2K\u001b[1A';
  const retitle = '\u001b]0;owned\u0007';
  const author = `mallory${rewrite}`;
  await createUser(db, { username: author, email: 'mallory@example.org', passwordHash: 'x' });
  await postMessage(db, 1, `hello${rewrite}${retitle}\u009b2J`);
  t.equal((await cliAs('flag', '1', '--reason', `spam${retitle}`, '--as', 'carol')).code, 0);

  const printed = [
    (await cliAs('messages', author)).stdout,
    (await cliAs('moderation-log')).stdout,
    (await cliAs('moderator', 'add', author)).stdout,
  ].join('');
  t.same(
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    printed.match(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g) ?? [],
    [],
    'no control character reaches the terminal but the line ends',
  );
  t.match(
    printed,
    'hello\\u001b[2K\\u001b[1A\\u001b]0;owned\\u0007\\u009b2J',
    'the message, visibly',
  );
  t.match(printed, 'by mallory\\u001b[2K\\u001b[1A', 'the author, visibly');
  t.match(printed, 'reason: spam\\u001b]0;owned\\u0007', 'the reason, visibly');
  t.match(printed, 'mallory\\u001b[2K\\u001b[1A is now a moderator', 'the name, visibly');
});

t.test('a command typed wrongly gets the usage and exit status 2', async (t) => {
  const { database } = await target(t);
  const folder = t.testdir({});
  for (const args of [
    [],
    ['frobnicate'],
    ['flag'],
    ['flag', 'x'],
    ['flag', '-1'],
    ['moderator', 'bob'],
    ['import'],
  ]) {
    const result = await run(args, database, folder);
    t.equal(result.code, 2, args.join(' '));
    t.match(`${result.stdout}${result.stderr}`, 'usage: pnpm minitwit <command>');
  }
  const missing = await run(['import', path.join(folder, 'no-such-file.db')], database, folder);
  t.equal(missing.code, 1);
  t.match(missing.stderr, /import failed, nothing written \(run it again to start clean\): ENOENT/);
});
