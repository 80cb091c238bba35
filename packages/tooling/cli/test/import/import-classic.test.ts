import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeClassicDatabase } from '@minitwit/classic-fixtures';
import { createDatabaseClient, createUser, type DatabaseClient, postMessage } from '@minitwit/db';
import { createTestDatabase, type TestDatabase } from '@minitwit/local-postgres';
import { hashPassword, passwordHashFormat } from '@minitwit/passwords';
import type { Test } from 'tap';
import t from 'tap';
import { target } from '../helper.js';
import { type ImportOptions, importClassic } from '../../src/import/import-classic.js';
import { importRules } from '../../src/import/import-report.js';
import { dirtyClassic, expected } from './dirty-classic.js';

/** The dirty classic database in a folder of the test's, and where the report goes beside it. */
function classicFiles(t: Test) {
  const folder = t.testdir({});
  const source = path.join(folder, 'minitwit.db');
  writeClassicDatabase(source, dirtyClassic);
  return { source, reportPath: path.join(folder, 'report.tsv') };
}

const quiet = () => undefined;

/** An import of `files` into `database` as its schema owner: a real one, quiet, unless `options` say otherwise. */
function importInto(
  files: { source: string; reportPath: string },
  database: TestDatabase,
  options: Partial<ImportOptions> = {},
) {
  return importClassic({
    ...files,
    targetUrl: database.migrationUrl,
    dryRun: false,
    merge: false,
    print: quiet,
    ...options,
  });
}

async function stored(db: DatabaseClient) {
  const users = await db.sql<{ id: number; username: string; email: string }>`
    SELECT id, username, email FROM users ORDER BY id`;
  const messages = await db.sql<{
    id: number;
    authorId: number;
    text: string;
    seconds: number;
    flagged: boolean;
  }>`
    SELECT id, author_id AS "authorId", text, extract(epoch FROM pub_date)::integer AS seconds, flagged
    FROM messages ORDER BY id`;
  const follows = await db.sql<{ followerId: number; followedId: number }>`
    SELECT follower_id AS "followerId", followed_id AS "followedId"
    FROM follows ORDER BY follower_id, followed_id`;
  return { users: users.rows, messages: messages.rows, follows: follows.rows };
}

/** The report's rows: its id map (old id `*`) and the rows of its rules. */
async function reportRows(file: string) {
  const [header, ...lines] = (await readFile(file, 'utf8')).trimEnd().split('\n');
  const rows = lines.map((line) => line.split('\t'));
  return {
    header,
    idMap: rows.filter(([, oldId]) => oldId === '*'),
    rows: rows.filter(([, oldId]) => oldId !== '*'),
  };
}

/** The report has exactly these rows (table, old id, rule), in any order. */
function sameReport(t: Test, rows: string[][], wanted: (typeof expected)['report']) {
  const asWritten = wanted.map(([table, id, rule]) => [table, id, ...importRules[rule]].join(' '));
  t.same(
    rows
      .map(([table = '', oldId = '', , outcome = '', rule = '']) =>
        [table, oldId, outcome, rule].join(' '),
      )
      .sort(),
    asWritten.sort(),
    'every skipped or changed row, by old id',
  );
}

t.test(
  'a classic SQLite database comes over whole, its dirty rows repaired or skipped and reported',
  async (t) => {
    const { database, db } = await target(t);
    const files = classicFiles(t);
    const { reportPath } = files;
    const lines: string[] = [];
    const summary = await importInto(files, database, { print: (line) => lines.push(line) });

    t.ok(summary.committed);
    t.same(summary.imported, { users: 8, messages: 7, follows: 4 });
    t.equal(summary.read, 10 + 10 + 8);
    t.same(await stored(db), {
      users: expected.users,
      messages: expected.messages,
      follows: expected.follows,
    });
    const report = await reportRows(reportPath);
    t.equal(report.header, 'table\told id\tnew id\toutcome\trule\tdetail');
    sameReport(t, report.rows, expected.report);
    t.same(
      report.idMap,
      [
        ['user', '*', '*', 'id kept', 'every imported user', ''],
        ['message', '*', '*', 'id kept', 'every imported message', ''],
      ],
      'ids as they were',
    );
    t.same(
      report.rows.find(
        ([table, oldId, , , rule]) =>
          table === 'user' && oldId === '3' && rule === importRules.duplicateUsername[1],
      ),
      ['user', '3', '3', ...importRules.duplicateUsername, 'Alice → Alice-3 (alice was first)'],
      'a renamed user, with their id',
    );
    t.same(
      report.rows.find(([table, oldId]) => table === 'message' && oldId === '8'),
      ['message', '8', '', ...importRules.authorSkipped, 'user 6: username empty (after trimming)'],
      "a skipped user's message, with why the user was skipped",
    );
    t.equal(summary.reported, expected.report.length);
    t.match(lines.join('\n'), /ids: every user and message kept its id/);
    t.match(lines.join('\n'), /17 rows skipped or changed/);
    t.match(lines.join('\n'), /1 skipped: a user following themself\n\s+follower 1→1 \(row 4\)/);

    const { rows: hashes } = await db.sql<{ id: number; hash: string }>`
    SELECT id, password_hash AS hash FROM users ORDER BY id`;
    const sourceHashes = new Map(dirtyClassic.users.map(([id, , , hash]) => [id, hash]));
    for (const { id, hash } of hashes)
      t.equal(hash, sourceHashes.get(id), `user ${id}'s hash as it was`);
    t.same(
      hashes.map(({ hash }) => passwordHashFormat(hash) ?? 'unknown'),
      [
        'werkzeug-pbkdf2',
        'werkzeug-scrypt',
        'django-pbkdf2',
        'django-pbkdf2',
        'md5',
        'unknown',
        'werkzeug-pbkdf2',
        'sha256',
      ],
    );

    // The sequences are past the imported ids: registering and posting work at once.
    t.equal(
      await createUser(db, {
        username: 'newcomer',
        email: 'n@example.org',
        passwordHash: await hashPassword('x'),
      }),
      'registered',
    );
    const { rows: newcomer } = await db.sql<{
      id: number;
    }>`SELECT id FROM users WHERE username = 'newcomer'`;
    t.equal(newcomer[0]?.id, 10, 'the next user id after the highest imported');
    await postMessage(db, 10, 'first post after the move');
    const { rows: post } = await db.sql<{ id: number }>`
    SELECT id FROM messages WHERE text = 'first post after the move'`;
    t.equal(post[0]?.id, 13, 'the next message id after the highest imported');
  },
);

t.test('a dry run reports the same and writes nothing', async (t) => {
  const { database, db } = await target(t);
  const files = classicFiles(t);
  const { reportPath } = files;
  const summary = await importInto(files, database, { dryRun: true });
  t.notOk(summary.committed);
  t.same(summary.imported, { users: 8, messages: 7, follows: 4 }, 'what a real run would import');
  sameReport(t, (await reportRows(reportPath)).rows, expected.report);
  t.same(await stored(db), { users: [], messages: [], follows: [] });
  const { rows } = await db.sql<{ last: string; called: boolean }>`
    SELECT last_value AS last, is_called AS called FROM users_id_seq`;
  t.same(rows, [{ last: '1', called: false }], 'not even the id sequences moved');
});

t.test(
  'a database with data is refused unless merging; a merge renumbers and keeps both',
  async (t) => {
    const { database, db } = await target(t);
    await createUser(db, {
      username: 'ALICE',
      email: 'a@here.org',
      passwordHash: await hashPassword('x'),
    });
    await postMessage(db, 1, 'already here');
    const files = classicFiles(t);

    await t.rejects(importInto(files, database), {
      name: 'ImportRefused',
      message: /already has users, messages or follows/,
    });
    t.equal((await stored(db)).users.length, 1, 'refused before writing anything');

    const lines: string[] = [];
    const summary = await importInto(files, database, {
      merge: true,
      print: (line) => lines.push(line),
    });
    t.ok(summary.committed);
    const after = await stored(db);
    // alice is in the target already (as ALICE), so she and what is hers stay out;
    // ' Alice ' then has the name 'Alice' free of other imports, but not of the target.
    t.same(
      after.users.map(({ id, username }) => [id, username]),
      [
        [1, 'ALICE'],
        [3, 'bob'],
        [5, 'carol'],
        [6, 'dave'],
        [8, 'erin'],
        [9, 'frank'],
        [10, 'grace'],
      ],
      'imported users numbered past the target, names the target has skipped',
    );
    t.same(
      after.messages.map(({ id, authorId }) => [id, authorId]),
      [
        [1, 1],
        [3, 3],
        [8, 6],
        [10, 5],
        [13, 9],
      ],
    );
    t.same(after.follows, [{ followerId: 10, followedId: 9 }]);
    const report = await reportRows(files.reportPath);
    t.same(report.idMap, [
      [
        'user',
        '*',
        '* + 1',
        'renumbered',
        'every imported user',
        "after the target's own ids (merge)",
      ],
      [
        'message',
        '*',
        '* + 1',
        'renumbered',
        'every imported message',
        "after the target's own ids (merge)",
      ],
    ]);
    t.match(
      lines.join('\n'),
      /ids: a user's new id is their old id \+ 1, a message's its old id \+ 1/,
    );
    const inTarget = 'user 1: username already in the target database (merge)';
    t.same(
      report.rows.filter(([table, oldId]) =>
        ['user 1', 'message 1', 'message 4', 'follower 1→2 (row 1)', 'user 4'].includes(
          `${table} ${oldId}`,
        ),
      ),
      [
        ['user', '1', '', ...importRules.usernameInTarget, 'alice'],
        ['user', '4', '5', ...importRules.emailEmpty, ''],
        ['message', '1', '', ...importRules.authorSkipped, inTarget],
        ['message', '4', '', ...importRules.authorSkipped, inTarget],
        ['follower', '1→2 (row 1)', '', ...importRules.followOfSkippedUser, inTarget],
      ],
      "alice is skipped for her name, and her messages and follows with that reason; carol's row gives her new id",
    );
    t.same(
      report.rows.filter(([, , , , rule]) => rule === importRules.missingAuthor[1]),
      [['message', '3', '', ...importRules.missingAuthor, '99']],
      'only the message by no user of the source is said to have no author',
    );
  },
);

t.test('a classic database with writes still in its journal is refused, untouched', async (t) => {
  const { database, db } = await target(t);
  const files = classicFiles(t);
  await writeFile(`${files.source}-journal`, 'a transaction the classic app did not finish');
  await t.rejects(importInto(files, database), {
    message: /minitwit\.db-journal holds writes not yet in the database: stop the classic MiniTwit/,
  });
  t.same(await stored(db), { users: [], messages: [], follows: [] });
});

t.test(
  'a database without the schema is refused, dry run or not, and the import lets go of it',
  async (t) => {
    const database = await createTestDatabase({ migrated: false });
    t.teardown(() => database.drop());
    const files = classicFiles(t);
    for (const dryRun of [true, false]) {
      await t.rejects(importInto(files, database, { dryRun }), {
        name: 'ImportRefused',
        message: /lacks \d+ of MiniTwit's migrations .*start the API on it once/,
      });
    }
  },
);

t.test(
  'a dry run that fails on the way undoes everything and lets go of the database',
  async (t) => {
    const { database, db } = await target(t);
    const files = classicFiles(t);
    // A message row breaks the target's own rules (the text too long for a
    // check the operator added): the insert fails mid-import.
    const owner = createDatabaseClient({ url: database.migrationUrl, poolSize: 1 });
    t.teardown(() => owner.close());
    await owner.sql`ALTER TABLE messages ADD CONSTRAINT short_text CHECK (length(text) < 12)`;
    for (const dryRun of [true, false]) {
      await t.rejects(importInto(files, database, { dryRun }), { message: /short_text/ });
      t.same(await stored(db), { users: [], messages: [], follows: [] }, `dry run: ${dryRun}`);
    }
    const { rowCount } =
      await db.sql`SELECT FROM pg_stat_activity WHERE application_name = 'minitwit import'`;
    t.equal(rowCount, 0, 'no connection left behind');
  },
);

t.test('a hash asking for more work than the bounds allow is reported with why', async (t) => {
  const { database } = await target(t);
  const folder = t.testdir({});
  const source = path.join(folder, 'minitwit.db');
  // A Werkzeug hash whose 3,200-byte key repeats 100,000 iterations 100 times.
  const costly = `pbkdf2:sha256:100000$salt$${'ab'.repeat(3200)}`;
  writeClassicDatabase(source, {
    users: [[1, 'heidi', 'heidi@example.org', costly]],
    follows: [],
    messages: [],
  });
  const reportPath = path.join(folder, 'report.tsv');
  const summary = await importInto({ source, reportPath }, database, { dryRun: true });
  t.same(summary.imported, { users: 1, messages: 0, follows: 0 }, 'the user is kept');
  t.same((await reportRows(reportPath)).rows, [
    ['user', '1', '1', ...importRules.passwordHashBeyondBounds, 'a 3,200-byte sha256 key, over 32'],
  ]);
});

t.test(
  "the one rule for names: the database's own, in the source and against the target",
  async (t) => {
    const { database, db } = await target(t);
    await createUser(db, { username: 'Alice', email: 'a@example.org', passwordHash: 'h' });
    const folder = t.testdir({});
    const files = { source: path.join(folder, 'names.db'), reportPath: path.join(folder, 'r.tsv') };
    const hash = 'pbkdf2:sha256:1000$salt$00';
    writeClassicDatabase(files.source, {
      users: [
        [1, 'bob', 'b@example.org', hash],
        [2, 'ＢＯＢ', 'b2@example.org', hash],
        [3, 'Login', 'l@example.org', hash],
        [4, 'ΟΔΟΣ', 'o@example.org', hash],
        [5, 'οδοσ', 'o2@example.org', hash],
        [6, 'ａｌｉｃｅ', 'a2@example.org', hash],
      ],
      follows: [],
      messages: [],
    });
    await importInto(files, database, { merge: true });
    const { rows } = await db.sql<{ username: string }>`SELECT username FROM users ORDER BY id`;
    t.same(
      rows.map((row) => row.username),
      ['Alice', 'bob', 'ＢＯＢ-2', 'Login-3', 'ΟΔΟΣ', 'οδοσ-5'],
      'later forms of a name renamed, the site’s own names renamed, the target’s name skipped',
    );
    const report = await reportRows(files.reportPath);
    t.same(
      report.rows.map(([table, oldId, , , rule, detail]) => [table, oldId, rule, detail]),
      [
        ['user', '2', importRules.duplicateUsername[1], 'ＢＯＢ → ＢＯＢ-2 (bob was first)'],
        ['user', '3', importRules.reservedUsername[1], 'Login → Login-3'],
        ['user', '5', importRules.duplicateUsername[1], 'οδοσ → οδοσ-5 (ΟΔΟΣ was first)'],
        ['user', '6', importRules.usernameInTarget[1], 'ａｌｉｃｅ'],
      ],
      'each reported',
    );
  },
);
