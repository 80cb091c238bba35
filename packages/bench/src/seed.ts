import { hashPassword } from '@minitwit/passwords';
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
 * Fills a migrated, empty database in a few set-based statements: users
 * `user<n>`, messages spread over a year among them, random follows, and one
 * user who follows 500 others. Then ANALYZE, as autovacuum would soon.
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
      `INSERT INTO users (username, email, password_hash) VALUES ($1, $1 || '@example.org', $2)`,
      [followerOf500, hash],
    );
    await client.query(
      `INSERT INTO messages (author_id, text, pub_date, flagged)
       SELECT 1 + (random() * ($2 - 1))::int,
              'Message ' || n || ': ' || md5(n::text),
              now() - (random() * interval '365 days'),
              random() < 0.01
       FROM generate_series(1, $1) AS n`,
      [size.messages, size.users],
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
