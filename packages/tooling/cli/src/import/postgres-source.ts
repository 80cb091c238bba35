import pg from 'pg';
import type { ClassicRow, ClassicSource, ClassicTable } from './classic-source.js';

const queries: Record<ClassicTable, { count: string; rows: string }> = {
  users: {
    count: 'SELECT count(*)::bigint AS count FROM "user"',
    rows: 'SELECT user_id, username, email, pw_hash FROM "user" ORDER BY user_id',
  },
  messages: {
    count: 'SELECT count(*)::bigint AS count FROM message',
    rows: 'SELECT message_id, author_id, text, pub_date, flagged FROM message ORDER BY message_id',
  },
  follows: {
    count: 'SELECT count(*)::bigint AS count FROM follower',
    // A follow has no id: its place in the read is its name in the report.
    rows: 'SELECT (row_number() OVER ())::integer AS row, who_id, whom_id FROM follower',
  },
};

/**
 * A PostgreSQL database with the classic schema (moved from SQLite as it
 * was), read in one repeatable-read transaction, so the three tables agree
 * even if the old service still writes, through a cursor per table.
 */
export async function openPostgresSource(url: string): Promise<ClassicSource> {
  const connection = new pg.Client({ connectionString: url, application_name: 'minitwit import' });
  await connection.connect();
  try {
    await connection.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  } catch (error) {
    await connection.end();
    throw error;
  }
  const { host, port, pathname } = new URL(url);
  return {
    description: `PostgreSQL database ${pathname.slice(1)} on ${host}${port ? `:${port}` : ''}`,
    async count(table) {
      const { rows } = await connection.query<{ count: string }>(queries[table].count);
      return Number(rows[0]?.count ?? 0);
    },
    async highestIds() {
      const { rows } = await connection.query<{ users: string | null; messages: string | null }>(
        'SELECT (SELECT max(user_id) FROM "user") AS users, (SELECT max(message_id) FROM message) AS messages',
      );
      return { users: Number(rows[0]?.users ?? 0), messages: Number(rows[0]?.messages ?? 0) };
    },
    async *batches(table, size) {
      await connection.query(`DECLARE classic_rows NO SCROLL CURSOR FOR ${queries[table].rows}`);
      try {
        for (;;) {
          const { rows } = await connection.query<ClassicRow>(`FETCH ${size} FROM classic_rows`);
          if (rows.length === 0) return;
          yield rows;
        }
      } finally {
        await connection.query('CLOSE classic_rows');
      }
    },
    async close() {
      await connection.end();
    },
  };
}
