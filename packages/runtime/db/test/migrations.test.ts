import t from 'tap';
import {
  applyMigrations,
  countRows,
  createUser,
  followUser,
  knownMigrations,
  postMessageAs,
  userByUsername,
} from '../src/index.js';
import { clientOn, testDatabase } from './helper.js';

t.test(
  'migrations build the schema on an empty database, and a second run changes nothing',
  async (t) => {
    const database = await testDatabase(t, { migrated: false });
    await applyMigrations(database.migrationUrl);
    await applyMigrations(database.migrationUrl);

    const db = clientOn(t, database.migrationUrl, { poolSize: 2 });
    const { rows: applied } = await db.sql<{ migration_name: string }>`
    SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL`;
    t.same(
      applied.map((row) => row.migration_name).sort(),
      await knownMigrations(),
      'each applied once',
    );

    await createUser(db, { username: 'Zoë', email: 'z@example.org', passwordHash: 'h' });
    t.type(await postMessageAs(db, 'Zoë', 'hello'), 'number');
    t.equal(await countRows(db, 'messages'), 1, 'the schema takes writes');
  },
);

t.test('an unreachable database fails in node-postgres words, before Prisma runs', async (t) => {
  await t.rejects(applyMigrations('postgresql://nobody:wrong@127.0.0.1:1/none'), {
    code: 'ECONNREFUSED',
  });
});

t.test('the schema keeps usernames unique and follow pairs single', async (t) => {
  const database = await testDatabase(t);
  const db = clientOn(t, database.migrationUrl, { poolSize: 2 });
  const data = { username: 'same', email: 'a@b', passwordHash: 'h' };
  t.equal(await createUser(db, data), 'registered');
  t.equal(await createUser(db, data), 'taken', 'a second user of one name is refused');
  const user = await userByUsername(db, 'same');
  if (!user) throw new Error('the user was not created');
  t.equal(await followUser(db, user.id, user.id), true);
  t.equal(await followUser(db, user.id, user.id), false, 'a follow pair exists once');
  const { rows } = await db.sql<{ count: number }>`SELECT count(*)::integer AS count FROM follows`;
  t.same(rows, [{ count: 1 }]);
});
