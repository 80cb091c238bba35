import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import t, { type Test } from 'tap';
import {
  countRows,
  createUser,
  followUser,
  knownMigrations,
  postMessageAs,
  setModerator,
  signInRecord,
  userByUsername,
} from '../src/index.js';
import { migrationsDir } from '../src/schema-version.js';
import { testServerVariable } from '@minitwit/local-postgres';
import { clientOn, testDatabase } from './helper.js';

const nameKeysMigration = '20261204100000_name_keys';
const user = (username: string) => ({
  username,
  email: `${username}@example.org`,
  passwordHash: 'h',
});

t.test('one name, whatever its case, compatibility form or surrounding spaces', async (t) => {
  const database = await testDatabase(t);
  const db = clientOn(t, database.url);
  t.equal(await createUser(db, user('alice')), 'registered');
  for (const variant of ['ALICE', 'Alice', ' alice', 'alice\t', 'ａｌｉｃｅ', 'ＡＬＩＣＥ']) {
    t.equal(await createUser(db, user(variant)), 'taken', `${JSON.stringify(variant)} is alice's`);
  }
  t.equal(await createUser(db, user('ΟΔΟΣ')), 'registered');
  t.equal(await createUser(db, user('οδοσ')), 'taken', 'Greek: final and other sigma are one');
  t.equal(await createUser(db, user('Straße')), 'registered');
  t.equal(await createUser(db, user('STRASSE')), 'taken', 'sharp s is ss');
  t.equal(await createUser(db, user('alice bob')), 'registered', 'a different name is not');
  t.equal(await countRows(db, 'users'), 4);

  const alice = await userByUsername(db, 'alice');
  t.same(await userByUsername(db, 'ＡＬＩＣＥ '), alice, 'found by any form of the name');
  t.equal((await signInRecord(db, 'Alice'))?.username, 'alice', 'sign-in finds her');
  t.equal(await postMessageAs(db, 'ALICE', 'hi'), alice?.id, 'the API posts as her');
  t.equal(await setModerator(db, 'aLiCe', true), true, 'the operators name her any way');
  t.equal(await userByUsername(db, 'alicia'), undefined, 'another name finds no one');
});

/** Runs migration files as the migration role, as `prisma migrate deploy` would. */
async function runMigrations(url: string, names: string[]) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const name of names) {
      await client.query(await readFile(path.join(migrationsDir, name, 'migration.sql'), 'utf8'));
    }
  } finally {
    await client.end();
  }
}

async function databaseBeforeNameKeys(t: Test) {
  const database = await testDatabase(t, { migrated: false });
  const earlier = (await knownMigrations()).filter((name) => name < nameKeysMigration);
  await runMigrations(database.migrationUrl, earlier);
  return database;
}

t.test(
  'a database that holds one name several times keeps every user, message and follow',
  async (t) => {
    const database = await databaseBeforeNameKeys(t);
    const db = clientOn(t, database.migrationUrl);
    // Registered when names differed by their exact text alone.
    for (const name of ['Dave', 'dave', 'DAVE ', 'ｄａｖｅ', 'erin']) {
      t.equal(await createUser(db, user(name)), 'registered');
    }
    const ids = new Map<string, number>();
    for (const { id, username } of (
      await db.sql<{ id: number; username: string }>`SELECT id, username FROM users`
    ).rows) {
      ids.set(username, id);
      await db.sql`INSERT INTO messages (author_id, text) VALUES (${id}, ${`by ${username}`})`;
    }
    const id = (name: string) => ids.get(name) ?? 0;
    await followUser(db, id('erin'), id('dave'));
    await followUser(db, id('DAVE '), id('erin'));

    await runMigrations(database.migrationUrl, [nameKeysMigration]);

    t.equal(await countRows(db, 'users'), 5, 'every user kept');
    t.equal(await countRows(db, 'messages'), 5, 'every message kept');
    t.equal(await countRows(db, 'follows'), 2, 'every follow kept');
    const { rows } = await db.sql<{ username: string; shared: boolean }>`
      SELECT username, name_shared AS shared FROM users ORDER BY id`;
    t.same(
      rows,
      [
        { username: 'Dave', shared: false },
        { username: 'dave', shared: true },
        { username: 'DAVE ', shared: true },
        { username: 'ｄａｖｅ', shared: true },
        { username: 'erin', shared: false },
      ],
      'the earliest keeps the name; the later ones share it',
    );
    for (const name of ['Dave', 'dave', 'DAVE ', 'ｄａｖｅ']) {
      t.equal((await userByUsername(db, name))?.id, id(name), `${name} is found by its exact name`);
      t.equal((await signInRecord(db, name))?.id, id(name), `${name} signs in by it`);
    }
    t.equal((await userByUsername(db, 'dAVE'))?.id, id('Dave'), 'any other form is the earliest');
    t.equal(await createUser(db, user('DaVe')), 'taken', 'and no new one registers');
  },
);

t.test(
  'a database that is not UTF-8 is refused with what to do, before anything changes',
  async (t) => {
    const server = process.env[testServerVariable] ?? '';
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    const name = `minitwit_ascii_${process.pid}`;
    await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'SQL_ASCII'`);
    t.teardown(async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    });
    const url = new URL(server);
    url.pathname = `/${name}`;
    const earlier = (await knownMigrations()).filter((migration) => migration < nameKeysMigration);
    await runMigrations(url.toString(), earlier);
    await t.rejects(runMigrations(url.toString(), [nameKeysMigration]), {
      message:
        /MiniTwit needs a UTF8 database, and this one is SQL_ASCII: dump it, create it again/,
    });
  },
);
