import sqlite from 'node-sqlite3-wasm';

/** The classic MiniTwit's schema (its schema.sql), as deployments of it have it. */
export const classicSchema = `
  CREATE TABLE user (
    user_id INTEGER PRIMARY KEY AUTOINCREMENT,
    username STRING NOT NULL,
    email STRING NOT NULL,
    pw_hash STRING NOT NULL
  );
  CREATE TABLE follower (who_id INTEGER, whom_id INTEGER);
  CREATE TABLE message (
    message_id INTEGER PRIMARY KEY AUTOINCREMENT,
    author_id INTEGER NOT NULL,
    text STRING NOT NULL,
    pub_date INTEGER,
    flagged INTEGER
  );`;

/**
 * A value as the classic app stored it (the schema's types are advice, not
 * rules, to SQLite): a string is stored as UTF-8 text byte for byte, NUL
 * included, as Python's sqlite3 stores it; a Uint8Array as text of exactly
 * those bytes, UTF-8 or not.
 */
export type ClassicValue = number | bigint | string | Uint8Array | null;

const utf8 = new TextEncoder();

/** Rows in column order: user(user_id, username, email, pw_hash) and so on. */
export interface ClassicRows {
  users?: Iterable<readonly ClassicValue[]>;
  follows?: Iterable<readonly ClassicValue[]>;
  messages?: Iterable<readonly ClassicValue[]>;
}

/**
 * Writes a classic MiniTwit SQLite file at `file` (which must not exist yet)
 * with these rows, in one transaction per table.
 */
export function writeClassicDatabase(file: string, rows: ClassicRows): void {
  const db = new sqlite.Database(file);
  try {
    db.exec(classicSchema);
    const insertAll = (table: string, values: Iterable<readonly ClassicValue[]> = []) => {
      const columns = db.all(`SELECT name FROM pragma_table_info('${table}')`).length;
      // Text goes in as bytes, made text by SQL: node-sqlite3-wasm's own
      // strings would end at a NUL.
      const placeholders = Array.from(
        { length: columns },
        (_, index) =>
          `iif(typeof(?${index + 1}) = 'blob', CAST(?${index + 1} AS TEXT), ?${index + 1})`,
      );
      const statement = db.prepare(`INSERT INTO ${table} VALUES (${placeholders.join(', ')})`);
      db.exec('BEGIN');
      try {
        for (const row of values) {
          statement.run(
            row.map((value) => (typeof value === 'string' ? utf8.encode(value) : value)),
          );
        }
        db.exec('COMMIT');
      } finally {
        statement.finalize();
      }
    };
    insertAll('user', rows.users);
    insertAll('follower', rows.follows);
    insertAll('message', rows.messages);
  } finally {
    db.close();
  }
}
