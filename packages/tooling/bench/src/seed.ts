import { hashPassword } from '@minitwit/passwords';
import { setTimeout } from 'node:timers/promises';
import pg from 'pg';

export interface DataSetSize {
  users: number;
  messages: number;
  follows: number;
}

export const fullSize: DataSetSize = { users: 10_000, messages: 1_000_000, follows: 200_000 };
export const smallSize: DataSetSize = { users: 100, messages: 100, follows: 100 };

/** Every seeded user's password, for the pages that need a signed-in visitor. */
export const seededPassword = 'secret';
/** The user who follows exactly 500 others: the heaviest "my timeline". */
export const followerOf500 = 'follows500';
/**
 * The user whose timeline is measured: exactly 100 messages (a full page) on
 * either data set, so that the small database's answer is as large as the
 * full one's and only the database's size differs.
 */
export const timelineAuthor = 'author100';
const timelineAuthorMessages = 100;

/**
 * Fills a migrated, empty database in a few set-based statements: users
 * `user<n>`, messages spread over a year among them (100 of them by
 * `timelineAuthor`), random follows, and one user who follows 500 others.
 * Then ANALYZE, as autovacuum would soon.
 */
export async function seed(url: string, size: DataSetSize): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const hash = await hashPassword(seededPassword);
    await client.query(
      `INSERT INTO users (username, email, password_hash)
       SELECT 'user' || n, 'user' || n || '@example.org', $2
       FROM generate_series(1, $1) AS n`,
      [size.users, hash],
    );
    await client.query(
      `INSERT INTO users (username, email, password_hash)
       SELECT name, name || '@example.org', $3 FROM unnest(ARRAY[$1::text, $2::text]) AS name`,
      [followerOf500, timelineAuthor, hash],
    );
    await client.query(
      `INSERT INTO messages (author_id, text, pub_date, flagged)
       SELECT 1 + (random() * ($2 - 1))::int,
              'Message ' || n || ': ' || md5(n::text),
              now() - (random() * interval '365 days'),
              random() < 0.01
       FROM generate_series(1, $1) AS n`,
      [size.messages - timelineAuthorMessages, size.users],
    );
    await client.query(
      `INSERT INTO messages (author_id, text, pub_date)
       SELECT (SELECT id FROM users WHERE username = $2), 'Message ' || n || ' by ' || $2,
              now() - (random() * interval '365 days')
       FROM generate_series(1, $1) AS n`,
      [timelineAuthorMessages, timelineAuthor],
    );
    await client.query(
      `INSERT INTO follows (follower_id, followed_id)
       SELECT DISTINCT 1 + (random() * ($2 - 1))::int, 1 + (random() * ($2 - 1))::int
       FROM generate_series(1, $1)
       ON CONFLICT DO NOTHING`,
      [size.follows, size.users],
    );
    await client.query(
      `INSERT INTO follows (follower_id, followed_id)
       SELECT follower.id, followed.id
       FROM users AS follower, users AS followed
       WHERE follower.username = $1 AND followed.username <> $1
       ORDER BY followed.id LIMIT 500`,
      [followerOf500],
    );
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}

/**
 * Vacuums and analyzes the database, then waits until no autovacuum worker
 * runs (at most a minute), so that neither what seeding nor what earlier runs
 * left behind weighs on the next measurement.
 */
export async function settle(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('VACUUM (ANALYZE)');
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const { rows } = await client.query<{ workers: string }>(
        `SELECT count(*) AS workers FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'`,
      );
      if (rows[0]?.workers === '0') return;
      await setTimeout(500);
    }
  } finally {
    await client.end();
  }
}
