import { access, mkdtemp, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sqlite from 'node-sqlite3-wasm';
import type { ClassicRow, ClassicSource, ClassicTable } from './classic-source.js';

// node-sqlite3-wasm: SQLite compiled to WebAssembly, with a file system layer
// of its own over node:fs, so it reads the file in place, page by page (not
// loaded whole into memory, as sql.js would), and installs no native binary.
// Text columns are read as their bytes: its strings end at the first NUL,
// which Python's sqlite3 (the classic app) stores like any other character.
const queries: Record<ClassicTable, { count: string; rows: string }> = {
  users: {
    count: 'SELECT count(*) AS count FROM user',
    rows: `SELECT user_id, CAST(username AS BLOB) AS username, CAST(email AS BLOB) AS email,
      CAST(pw_hash AS BLOB) AS pw_hash FROM user ORDER BY user_id`,
  },
  messages: {
    count: 'SELECT count(*) AS count FROM message',
    rows: `SELECT message_id, author_id, CAST(text AS BLOB) AS text, pub_date, flagged
      FROM message ORDER BY message_id`,
  },
  follows: {
    count: 'SELECT count(*) AS count FROM follower',
    rows: 'SELECT rowid AS row, who_id, whom_id FROM follower ORDER BY rowid',
  },
};

/** Whether a file exists and holds anything. */
const holdsData = (file: string) =>
  stat(file).then(
    (found) => found.size > 0,
    () => false,
  );

/**
 * A classic MiniTwit SQLite file, opened read-only. node-sqlite3-wasm locks a
 * file by making a directory beside it (`<file>.lock`), which a killed import
 * would leave behind, blocking the next run, and which a read-only folder
 * cannot take: so it opens the file through a link in a folder of its own,
 * removed at `close`. The classic app does not see that lock anyway (it
 * locks as SQLite does natively), so the file must be at rest: stop the app
 * first; a journal or write-ahead log beside it says it is not.
 */
export async function openSqliteSource(file: string): Promise<ClassicSource> {
  // SQLite would create a missing file even read-only: say so instead.
  await access(file);
  for (const unfinished of [`${file}-journal`, `${file}-wal`]) {
    if (await holdsData(unfinished)) {
      throw new Error(
        `${unfinished} holds writes not yet in the database: stop the classic MiniTwit, then ` +
          `open the file once with sqlite3 (it finishes them), and import again`,
      );
    }
  }
  const folder = await mkdtemp(path.join(tmpdir(), 'minitwit-import-'));
  const alias = path.join(folder, 'classic.db');
  let db: sqlite.Database;
  try {
    await symlink(path.resolve(file), alias);
    db = new sqlite.Database(alias, { readOnly: true });
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
  return {
    description: `SQLite file ${file}`,
    async count(table) {
      const row = db.get(queries[table].count) as { count: number | bigint } | null;
      return Number(row?.count ?? 0);
    },
    async highestIds() {
      // Integers only: SQLite lets any value into any column, and orders text after numbers.
      const highest = (sql: string) =>
        Number((db.get(sql) as { highest: number | bigint | null } | null)?.highest ?? 0);
      return {
        users: highest(
          "SELECT max(user_id) AS highest FROM user WHERE typeof(user_id) = 'integer'",
        ),
        messages: highest(
          "SELECT max(message_id) AS highest FROM message WHERE typeof(message_id) = 'integer'",
        ),
      };
    },
    async *batches(table, size) {
      const statement = db.prepare(queries[table].rows);
      try {
        let batch: ClassicRow[] = [];
        for (const row of statement.iterate()) {
          batch.push(row);
          if (batch.length === size) {
            yield batch;
            batch = [];
          }
        }
        if (batch.length > 0) yield batch;
      } finally {
        statement.finalize();
      }
    },
    async close() {
      db.close();
      await rm(folder, { recursive: true, force: true });
    },
  };
}
