import t from 'tap';
import {
  countRows,
  createUser,
  estimateRowCounts,
  followUser,
  userByUsername,
} from '../src/index.js';
import { clientOn, testDatabase } from './helper.js';

t.test('row counts are exact on tables the planner has not analyzed yet', async (t) => {
  const database = await testDatabase(t);
  const db = clientOn(t, database.migrationUrl, { poolSize: 2 });

  t.same(await estimateRowCounts(db), { users: 0, messages: 0, follows: 0 }, 'empty');
  for (const username of ['alice', 'bob']) {
    await createUser(db, { username, email: `${username}@example.org`, passwordHash: 'h' });
  }
  const [alice, bob] = [await userByUsername(db, 'alice'), await userByUsername(db, 'bob')];
  if (!alice || !bob) throw new Error('users not created');
  await db.sql`INSERT INTO messages (author_id, text)
    SELECT ${alice.id}, text FROM unnest(ARRAY['one', 'two', 'three']) AS text`;
  await followUser(db, bob.id, alice.id);
  t.same(await estimateRowCounts(db), { users: 2, messages: 3, follows: 1 });
});

t.test('on analyzed tables the estimate follows growth since the last ANALYZE', async (t) => {
  const database = await testDatabase(t);
  const db = clientOn(t, database.migrationUrl, { poolSize: 2 });
  await createUser(db, { username: 'prolific', email: 'p@example.org', passwordHash: 'h' });
  const author = await userByUsername(db, 'prolific');
  if (!author) throw new Error('user not created');
  const post = (count: number) => db.sql`
    INSERT INTO messages (author_id, text, pub_date)
    SELECT ${author.id}, 'message ' || n, now() FROM generate_series(1, ${count}::int) AS n`;

  await post(20_000);
  await db.sql`ANALYZE messages`;
  await post(20_000);
  const { messages } = await estimateRowCounts(db);
  // Without the scaling by pages the estimate would still say 20,000.
  t.ok(
    Math.abs(messages - 40_000) < 40_000 * 0.05,
    `estimate ${String(messages)} within 5% of 40,000`,
  );
});

t.test('estimating reads no table: the scan statistics of the tables stay still', async (t) => {
  const database = await testDatabase(t);
  // One connection, so that its statistics are flushed before they are read.
  const db = clientOn(t, database.migrationUrl, { poolSize: 1 });
  await db.sql`INSERT INTO users (username, email, password_hash) VALUES ('a', 'a@example.org', 'h')`;
  await db.sql`INSERT INTO messages (author_id, text) SELECT id, 'hello' FROM users`;
  await db.sql`INSERT INTO follows (follower_id, followed_id) SELECT id, id FROM users`;
  await db.sql`ANALYZE users, messages, follows`;
  const scans = async () => {
    await db.sql`SELECT pg_stat_force_next_flush()`;
    const {
      rows: [row],
    } = await db.sql<{ scans: number }>`
      SELECT sum(coalesce(seq_scan, 0) + coalesce(idx_scan, 0))::float8 AS scans
      FROM pg_stat_user_tables WHERE relname IN ('users', 'messages', 'follows')`;
    return row?.scans;
  };

  const before = await scans();
  await estimateRowCounts(db);
  t.equal(await scans(), before, 'no scan while estimating');
  await countRows(db, 'users');
  t.not(await scans(), before, 'a COUNT(*) does show up in the statistics');
});
