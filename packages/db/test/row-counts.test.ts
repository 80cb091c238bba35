import t from 'tap';
import { estimateRowCounts } from '../src/index.js';
import { clientOn, testDatabase } from './helper.js';

t.test('row counts are exact on tables the planner has not analyzed yet', async (t) => {
  const database = await testDatabase(t);
  const db = clientOn(t, database.migrationUrl, { poolSize: 2 });

  t.same(await estimateRowCounts(db), { users: 0, messages: 0, follows: 0 }, 'empty');
  const [alice, bob] = await Promise.all(
    ['alice', 'bob'].map((username) =>
      db.user.create({ data: { username, email: `${username}@example.org`, passwordHash: 'h' } }),
    ),
  );
  if (!alice || !bob) throw new Error('users not created');
  await db.message.createMany({
    data: ['one', 'two', 'three'].map((text) => ({ authorId: alice.id, text })),
  });
  await db.follow.create({ data: { followerId: bob.id, followedId: alice.id } });
  t.same(await estimateRowCounts(db), { users: 2, messages: 3, follows: 1 });
});

t.test('on analyzed tables the estimate follows growth since the last ANALYZE', async (t) => {
  const database = await testDatabase(t);
  const db = clientOn(t, database.migrationUrl, { poolSize: 2 });
  const author = await db.user.create({
    data: { username: 'prolific', email: 'p@example.org', passwordHash: 'h' },
  });
  const post = (count: number) => db.$executeRaw`
    INSERT INTO messages (author_id, text, pub_date)
    SELECT ${author.id}, 'message ' || n, now() FROM generate_series(1, ${count}::int) AS n`;

  await post(20_000);
  await db.$executeRawUnsafe('ANALYZE messages');
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
  const user = await db.user.create({
    data: { username: 'a', email: 'a@example.org', passwordHash: 'h' },
  });
  await db.message.create({ data: { authorId: user.id, text: 'hello' } });
  await db.follow.create({ data: { followerId: user.id, followedId: user.id } });
  await db.$executeRawUnsafe('ANALYZE users, messages, follows');
  const scans = async () => {
    await db.$executeRaw`SELECT pg_stat_force_next_flush()`;
    const [row] = await db.$queryRaw<{ scans: number }[]>`
      SELECT sum(coalesce(seq_scan, 0) + coalesce(idx_scan, 0))::float8 AS scans
      FROM pg_stat_user_tables WHERE relname IN ('users', 'messages', 'follows')`;
    return row?.scans;
  };

  const before = await scans();
  await estimateRowCounts(db);
  t.equal(await scans(), before, 'no scan while estimating');
  await db.user.count();
  t.not(await scans(), before, 'a COUNT(*) does show up in the statistics');
});
