import pg from 'pg';
import { withConfirmedCommit } from './commit-confirmation.js';

/** A user as an import writes them: the id given, not the next one. */
export interface ImportedUser {
  id: number;
  username: string;
  email: string;
  passwordHash: string;
}

export interface ImportedMessage {
  id: number;
  authorId: number;
  text: string;
  pubDate: Date;
  flagged: boolean;
}

export interface ImportedFollow {
  followerId: number;
  followedId: number;
}

/** How many ids a table of the target holds or has handed out already. */
export interface IdsInUse {
  users: number;
  messages: number;
}

// Held by the import's transaction: one import at a time into a database.
const importLock = 0x6d696e69; // 'mini'

const sequenceOf = { users: 'users', messages: 'messages' } as const;

/**
 * One import into the target database as one transaction on one connection
 * of its own (no statement timeout): it lands whole at `commit`, or not at
 * all. Rows go in batches, each one statement over arrays (`unnest`), with the
 * ids they bring. The timeline triggers stay on, so every service's cache
 * hears of the new messages when the import commits.
 */
export class BulkImport {
  readonly #connection: pg.Client;
  /** The statements that restore what `deferChecks` set aside, run before the commit. */
  #restore: string[] = [];

  private constructor(connection: pg.Client) {
    this.#connection = connection;
  }

  /** Connects to `url` (a role that may advance the id sequences: the schema's owner) and begins. */
  static async begin(url: string): Promise<BulkImport> {
    const connection = new pg.Client({
      connectionString: url,
      application_name: 'minitwit import',
      statement_timeout: 0,
    });
    await connection.connect();
    try {
      await connection.query('BEGIN');
      const { rows } = await connection.query<{ alone: boolean }>(
        'SELECT pg_try_advisory_xact_lock($1) AS alone',
        [importLock],
      );
      if (!rows[0]?.alone) throw new Error('another import into this database is running');
    } catch (error) {
      await connection.end();
      throw error;
    }
    return new BulkImport(connection);
  }

  /** Whether the target has no users, messages or follows yet. */
  async targetIsEmpty(): Promise<boolean> {
    const { rows } = await this.#connection.query<{ empty: boolean }>(
      `SELECT NOT EXISTS (SELECT FROM users) AND NOT EXISTS (SELECT FROM messages)
        AND NOT EXISTS (SELECT FROM follows) AS empty`,
    );
    return rows[0]?.empty ?? false;
  }

  /** The highest id each table has used, in rows or handed out by its sequence. */
  async idsInUse(): Promise<IdsInUse> {
    const used = async (table: keyof typeof sequenceOf) => {
      const { rows } = await this.#connection.query<{ used: number }>(
        `SELECT GREATEST(
           (SELECT COALESCE(max(id), 0) FROM ${table}),
           (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM ${table}_id_seq)
         )::integer AS used`,
      );
      return rows[0]?.used ?? 0;
    };
    return { users: await used('users'), messages: await used('messages') };
  }

  /**
   * Moves each id sequence past `highest`, at once and outside the
   * transaction (sequences are not transactional): registrations and posts
   * made while the import runs take ids after the imported ones, and those
   * made after it need no step of their own.
   */
  async reserveIds(highest: IdsInUse): Promise<void> {
    for (const table of Object.keys(sequenceOf) as (keyof typeof sequenceOf)[]) {
      await this.#connection.query(
        `SELECT setval(pg_get_serial_sequence($1, 'id'), GREATEST($2::integer,
           (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM ${table}_id_seq), 1))`,
        [table, highest[table]],
      );
    }
  }

  /** The names the target's users hold, by their keys (the one rule for names), each as it is stored. */
  async existingUsernames(): Promise<Map<string, string>> {
    const { rows } = await this.#connection.query<{ name_key: string; username: string }>(
      'SELECT name_key, username FROM users WHERE NOT name_shared',
    );
    return new Map(rows.map((row) => [row.name_key, row.username]));
  }

  /** Each name's key by the one rule for names, in order: the database's rule, so there is one. */
  async nameKeys(names: readonly string[]): Promise<string[]> {
    const { rows } = await this.#connection.query<{ key: string }>(
      `SELECT minitwit_name_key(name) AS key
       FROM unnest($1::text[]) WITH ORDINALITY AS n(name, place) ORDER BY place`,
      [names],
    );
    return rows.map((row) => row.key);
  }

  /**
   * Into an empty database only: sets aside the messages' and follows'
   * non-unique indexes and foreign keys for the load, and builds them again
   * from their own definitions (read from the catalog, so they are always
   * the schema's) before the commit. Building an index once is several
   * times cheaper than keeping it up to date row by row, and the restored
   * foreign keys check every row, once. The two tables are then held
   * exclusively until the commit: reads of them wait.
   */
  async deferChecks(): Promise<void> {
    const { rows } = await this.#connection.query<{ drop: string; restore: string }>(
      `SELECT format('DROP INDEX %s', i.indexrelid::regclass) AS drop,
              pg_get_indexdef(i.indexrelid) AS restore
       FROM pg_index i
       WHERE i.indrelid IN ('messages'::regclass, 'follows'::regclass) AND NOT i.indisunique
       UNION ALL
       SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname),
              format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname,
                pg_get_constraintdef(c.oid))
       FROM pg_constraint c
       WHERE c.conrelid IN ('messages'::regclass, 'follows'::regclass) AND c.contype = 'f'`,
    );
    for (const { drop } of rows) await this.#connection.query(drop);
    this.#restore = rows.map((row) => row.restore);
  }

  /** Inserts the users; answers the ids of those left out because their name was taken meanwhile. */
  async insertUsers(users: readonly ImportedUser[]): Promise<number[]> {
    const { rows } = await this.#connection.query<{ id: number }>(
      `INSERT INTO users (id, username, email, password_hash)
       SELECT * FROM unnest($1::integer[], $2::text[], $3::text[], $4::text[])
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [
        users.map((user) => user.id),
        users.map((user) => user.username),
        users.map((user) => user.email),
        users.map((user) => user.passwordHash),
      ],
    );
    const inserted = new Set(rows.map((row) => row.id));
    return users.filter((user) => !inserted.has(user.id)).map((user) => user.id);
  }

  /**
   * Inserts the messages, sent as one JSON array: JSON.stringify is several
   * times faster than node-postgres' escaping of text arrays, which made
   * the import wait on this process rather than on the database.
   */
  async insertMessages(messages: readonly ImportedMessage[]): Promise<void> {
    await this.#connection.query(
      `INSERT INTO messages (id, author_id, text, pub_date, flagged)
       SELECT id, "authorId", text, "pubDate", flagged
       FROM json_to_recordset($1::json)
         AS m(id integer, "authorId" integer, text text, "pubDate" timestamptz, flagged boolean)`,
      [JSON.stringify(messages)],
    );
  }

  /** Inserts the follows; answers those that were there already (a duplicate), each once per repeat. */
  async insertFollows(follows: readonly ImportedFollow[]): Promise<ImportedFollow[]> {
    const { rows } = await this.#connection.query<{ follower_id: number; followed_id: number }>(
      `INSERT INTO follows (follower_id, followed_id)
       SELECT * FROM unnest($1::integer[], $2::integer[])
       ON CONFLICT DO NOTHING
       RETURNING follower_id, followed_id`,
      [follows.map((follow) => follow.followerId), follows.map((follow) => follow.followedId)],
    );
    const inserted = new Set(rows.map((row) => `${row.follower_id} ${row.followed_id}`));
    return follows.filter(
      (follow) => !inserted.delete(`${follow.followerId} ${follow.followedId}`),
    );
  }

  /** Restores what `deferChecks` set aside (a row that breaks a foreign key fails it here). */
  async restoreChecks(): Promise<void> {
    await this.#connection.query(`SET LOCAL maintenance_work_mem = '256MB'`);
    for (const statement of this.#restore) await this.#connection.query(statement);
    this.#restore = [];
  }

  /** Makes everything imported visible at once, and lets the connection go. */
  async commit(): Promise<void> {
    try {
      await this.restoreChecks();
      await withConfirmedCommit(this.#connection, () => this.#connection.query('COMMIT'));
    } finally {
      await this.#connection.end();
    }
  }

  /** Undoes everything imported (a dry run, or a failure), and lets the connection go. */
  async rollback(): Promise<void> {
    try {
      await this.#connection.query('ROLLBACK');
    } finally {
      await this.#connection.end();
    }
  }
}
