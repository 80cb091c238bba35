import t from 'tap';
import { applyMigrations, isUniqueViolation, knownMigrations } from '../src/index.js';
import { clientOn, testDatabase } from './helper.js';

t.test(
  'migrations build the schema on an empty database, and a second run changes nothing',
  async (t) => {
    const database = await testDatabase(t, { migrated: false });
    await applyMigrations(database.migrationUrl);
    await applyMigrations(database.migrationUrl);

    const db = clientOn(t, database.migrationUrl, { poolSize: 2 });
    const applied = await db.$queryRaw<{ migration_name: string }[]>`
    SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL`;
    t.same(
      applied.map((row) => row.migration_name).sort(),
      await knownMigrations(),
      'each applied once',
    );

    const user = await db.user.create({
      data: { username: 'Zoë', email: 'z@example.org', passwordHash: 'h' },
    });
    await db.message.create({ data: { authorId: user.id, text: 'hello' } });
    t.equal(await db.message.count(), 1, 'the schema takes writes');
  },
);

t.test('a migration failure says what went wrong', async (t) => {
  await t.rejects(
    applyMigrations('postgresql://nobody:wrong@127.0.0.1:1/none'),
    /Applying database migrations failed:[\s\S]*(reach|connect)/i,
  );
});

t.test('the schema keeps usernames unique and follow pairs single', async (t) => {
  const database = await testDatabase(t);
  const db = clientOn(t, database.migrationUrl, { poolSize: 2 });
  const data = { username: 'same', email: 'a@b', passwordHash: 'h' };
  const user = await db.user.create({ data });
  const duplicate = await db.user.create({ data }).catch((error: unknown) => error);
  t.ok(isUniqueViolation(duplicate), 'a second user of one name is a unique violation');
  t.notOk(isUniqueViolation(new Error('other')), 'other errors are not');
  await db.follow.create({ data: { followerId: user.id, followedId: user.id } });
  const again = await db.follow
    .create({ data: { followerId: user.id, followedId: user.id } })
    .catch((error: unknown) => error);
  t.ok(isUniqueViolation(again), 'a follow pair exists once');
});

t.test('timeline queries use the indexes, not a scan of all messages', async (t) => {
  const database = await testDatabase(t);
  const db = clientOn(t, database.migrationUrl, { poolSize: 2 });
  await db.$executeRaw`INSERT INTO users (username, email, password_hash)
    SELECT 'u' || i, 'u' || i || '@example.org', 'h' FROM generate_series(1, 200) AS i`;
  await db.$executeRaw`INSERT INTO messages (author_id, text, pub_date)
    SELECT 1 + (i % 200), 'm' || i, now() - i * interval '1 second' FROM generate_series(1, 50000) AS i`;
  await db.$executeRaw`ANALYZE`;
  const plan = async (query: string) =>
    (await db.$queryRawUnsafe<{ 'QUERY PLAN': string }[]>(`EXPLAIN ${query}`))
      .map((row) => row['QUERY PLAN'])
      .join('\n');
  const publicTimeline = await plan(
    'SELECT * FROM messages WHERE flagged = false ORDER BY pub_date DESC, id DESC LIMIT 100',
  );
  t.match(publicTimeline, /Index Scan using messages_pub_date_id_idx/);
  t.notMatch(publicTimeline, /Seq Scan/);
  const userTimeline = await plan(
    'SELECT * FROM messages WHERE author_id = 7 AND flagged = false ORDER BY pub_date DESC, id DESC LIMIT 100',
  );
  t.match(userTimeline, /Index Scan using messages_author_id_pub_date_id_idx/);
  t.notMatch(userTimeline, /Seq Scan/);
});
