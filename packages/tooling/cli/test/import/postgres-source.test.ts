import path from 'node:path';
import { createDatabaseClient } from '@minitwit/db';
import { createTestDatabase } from '@minitwit/local-postgres';
import pg from 'pg';
import t from 'tap';
import { importClassic } from '../../src/import/import-classic.js';
import { dirtyClassic, expected } from './dirty-classic.js';

/** The classic schema as deployments moved it to PostgreSQL: the same tables, "user" quoted. */
const classicSchema = `
  CREATE TABLE "user" (user_id serial PRIMARY KEY, username text NOT NULL, email text NOT NULL,
    pw_hash text NOT NULL);
  CREATE TABLE follower (who_id integer, whom_id integer);
  CREATE TABLE message (message_id serial PRIMARY KEY, author_id integer NOT NULL,
    text text NOT NULL, pub_date integer, flagged integer);`;

// PostgreSQL holds no NUL and no broken UTF-8: the rows as a move to it left them.
const storable = (value: unknown) =>
  typeof value === 'string'
    ? value.replaceAll('\0', '')
    : value instanceof Uint8Array
      ? new TextDecoder().decode(value)
      : value;

t.test(
  'a PostgreSQL database with the classic schema imports as the SQLite file does',
  async (t) => {
    const source = await createTestDatabase({ migrated: false });
    t.teardown(() => source.drop());
    const classic = new pg.Client({ connectionString: source.migrationUrl });
    await classic.connect();
    t.teardown(() => classic.end());
    await classic.query(classicSchema);
    const insert = async (table: string, rows: unknown[][]) => {
      for (const row of rows) {
        const values = row.map(storable);
        const placeholders = values.map((_, index) => `$${index + 1}`).join(', ');
        await classic.query(`INSERT INTO ${table} VALUES (${placeholders})`, values);
      }
    };
    await insert('"user"', dirtyClassic.users);
    await insert('follower', dirtyClassic.follows);
    await insert('message', dirtyClassic.messages);

    const target = await createTestDatabase();
    t.teardown(() => target.drop());
    const db = createDatabaseClient({ url: target.url, poolSize: 1 });
    t.teardown(() => db.close());
    const summary = await importClassic({
      source: source.migrationUrl,
      targetUrl: target.migrationUrl,
      dryRun: false,
      merge: false,
      reportPath: path.join(t.testdir({}), 'report.tsv'),
      print: () => undefined,
    });

    t.ok(summary.committed);
    t.same(summary.imported, { users: 8, messages: 7, follows: 4 });
    // What PostgreSQL could not hold was lost on the way there, not reported here.
    const notThere = new Set([
      'user 5 usernameRepaired',
      'message 2 textRepaired',
      'message 9 textRepaired',
    ]);
    t.equal(
      summary.reported,
      expected.report.filter(([table, id, rule]) => !notThere.has(`${table} ${id} ${rule}`)).length,
    );
    const { rows: users } = await db.sql<{ id: number; username: string; email: string }>`
    SELECT id, username, email FROM users ORDER BY id`;
    t.same(users, expected.users);
    const { rows: messages } = await db.sql<{ id: number; text: string }>`
    SELECT id, text FROM messages ORDER BY id`;
    t.same(
      messages,
      expected.messages.map(({ id, text }) => ({ id, text })),
    );
    const { rows: follows } = await db.sql<{
      count: number;
    }>`SELECT count(*)::integer AS count FROM follows`;
    t.same(follows, [{ count: expected.follows.length }]);
  },
);
