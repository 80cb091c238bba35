import { createDatabaseClient, Prisma } from '@minitwit/db';
import { createTestDatabase } from '@minitwit/local-postgres';
import t from 'tap';
import { authors, timelineQuery } from '../../../src/plugins/app/messages-repository.js';
import { buildTestAppOn } from '../../helper.js';

t.test('every timeline query, first page or deep in history, starts from an index', async (t) => {
  const database = await createTestDatabase();
  t.teardown(() => database.drop());
  const { db } = await buildTestAppOn(t, database);
  await db.$executeRaw`INSERT INTO users (username, email, password_hash)
    SELECT 'u' || i, 'u' || i || '@example.org', 'h' FROM generate_series(1, 500) AS i`;
  await db.$executeRaw`INSERT INTO messages (author_id, text, pub_date)
    SELECT 1 + (i % 500), 'm' || i, now() - i * interval '1 second'
    FROM generate_series(1, 100000) AS i`;
  await db.$executeRaw`INSERT INTO follows (follower_id, followed_id)
    SELECT 1, i FROM generate_series(2, 60) AS i`;
  // ANALYZE needs the tables' owner (in production autovacuum runs it).
  const schemaOwner = createDatabaseClient({ url: database.migrationUrl, poolSize: 1 });
  await schemaOwner.$executeRaw`ANALYZE`;
  await schemaOwner.$disconnect();

  const deep = { pubDate: new Date(Date.now() - 90_000 * 1000), id: 90_000 };
  const queries = {
    'public, first page': timelineQuery(authors.everyone),
    'public, deep page': timelineQuery(authors.everyone, deep),
    'user, first page': timelineQuery(authors.user(7)),
    'user, deep page': timelineQuery(authors.user(7), deep),
    'home, first page': timelineQuery(authors.home(1)),
    'home, deep page': timelineQuery(authors.home(1), deep),
  };
  for (const [name, query] of Object.entries(queries)) {
    const plan = (await db.$queryRaw<{ 'QUERY PLAN': string }[]>(Prisma.sql`EXPLAIN ${query}`))
      .map((row) => row['QUERY PLAN'])
      .join('\n');
    t.match(
      plan,
      /Index (Only )?Scan.*on messages|Bitmap Index Scan on messages/,
      `${name}: an index on messages`,
    );
    t.notMatch(plan, /Seq Scan on messages/, `${name}: no scan of all messages`);
    if (name.endsWith('deep page')) {
      t.match(
        plan,
        /Index Cond: .*ROW\((m\.)?pub_date, (m\.)?id\) < ROW/,
        `${name}: the scan starts at the cursor`,
      );
    }
  }
});
