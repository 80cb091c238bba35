import t from 'tap';
import { authors, homeTimelineQuery, lateralAuthorLimit, timelineQuery } from '../src/index.js';
import { clientOn, testDatabase } from './helper.js';

t.test('every timeline query, first page or deep in history, starts from an index', async (t) => {
  const database = await testDatabase(t);
  const db = clientOn(t, database.url, { poolSize: 2 });
  await db.sql`INSERT INTO users (username, email, password_hash)
    SELECT 'u' || i, 'u' || i || '@example.org', 'h' FROM generate_series(1, 500) AS i`;
  await db.sql`INSERT INTO messages (author_id, text, pub_date)
    SELECT 1 + (i % 500), 'm' || i, now() - i * interval '1 second'
    FROM generate_series(1, 100000) AS i`;
  await db.sql`INSERT INTO follows (follower_id, followed_id)
    SELECT 1, i FROM generate_series(2, 60) AS i`;
  // ANALYZE needs the tables' owner (in production autovacuum runs it).
  await clientOn(t, database.migrationUrl, { poolSize: 1 }).sql`ANALYZE`;

  const deep = { pubDate: new Date(Date.now() - 90_000 * 1000), id: 90_000 };
  // The API's `no` defaults to 100; the web reads a page of 30 and one more.
  const limit = 100;
  // A home timeline of a few authors (each one's index, merged) and of many (one scan).
  const few = Array.from({ length: 60 }, (_, i) => i + 1);
  const many = Array.from({ length: lateralAuthorLimit + 50 }, (_, i) => i + 1);
  const queries = {
    'public, first page': timelineQuery(authors.everyone, { limit }),
    'public, deep page': timelineQuery(authors.everyone, { limit, before: deep }),
    'user, first page': timelineQuery(authors.user(7), { limit }),
    'user, deep page': timelineQuery(authors.user(7), { limit, before: deep }),
    'public, texts only (the API)': timelineQuery(authors.everyone, { limit }, 'text'),
    'user, texts only (the API)': timelineQuery(authors.user(7), { limit }, 'text'),
    'home of a few, first page': homeTimelineQuery(few, { limit }),
    'home of a few, deep page': homeTimelineQuery(few, { limit, before: deep }),
    'home of many, first page': homeTimelineQuery(many, { limit }),
    'home of many, deep page': homeTimelineQuery(many, { limit, before: deep }),
    'public, newer page': timelineQuery(authors.everyone, { limit, after: deep }),
    'user, newer page': timelineQuery(authors.user(7), { limit, after: deep }),
    'home of a few, newer page': homeTimelineQuery(few, { limit, after: deep }),
    'home of many, newer page': homeTimelineQuery(many, { limit, after: deep }),
  };
  for (const [name, query] of Object.entries(queries)) {
    const { rows } = await db.sql<{ 'QUERY PLAN': string }>`EXPLAIN ${query}`;
    const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
    t.match(
      plan,
      /Index (Only )?Scan.*on messages|Bitmap Index Scan on messages/,
      `${name}: an index on messages`,
    );
    t.notMatch(plan, /Seq Scan on messages/, `${name}: no scan of all messages`);
    if (name.endsWith('deep page') || name.endsWith('newer page')) {
      t.match(
        plan,
        /Index Cond: .*ROW\((m\.)?pub_date, (m\.)?id\) [<>] ROW/,
        `${name}: the scan starts at the cursor`,
      );
    }
  }
});
